import Foundation
import Logging
import NIOCore

/// The gateway's core: turns a validated chat request into an upstream answer that has started.
///
/// Nothing reaches the client until the first upstream content event, so every failure before
/// it becomes a proper error status (and, with the resilience work, a retry on another session).
public struct ArenaGateway: Sendable {
    /// Where upstream requests go.
    public var transport: any ArenaTransport
    /// Builds upstream requests in the configured dialect.
    public var builder: ArenaRequestBuilder
    /// The configured lmarena sessions (`LA_COOKIE`).
    public var sessions: [ArenaSession]
    /// A static reCAPTCHA token for `v2` requests (`RECAPTCHA_TOKEN`).
    public var recaptchaToken: String?

    /// Creates a gateway.
    public init(transport: any ArenaTransport, builder: ArenaRequestBuilder, sessions: [ArenaSession], recaptchaToken: String?) {
        self.transport = transport
        self.builder = builder
        self.sessions = sessions
        self.recaptchaToken = recaptchaToken
    }

    /// The error chat requests get while no session is configured.
    public static let noSessionError = OpenAIError(
        status: 503,
        message: "no lmarena session is configured: set LA_COOKIE to the value of the arena-auth-prod-v1 cookie of a signed-in browser (several, comma-separated)",
        type: "upstream_error", code: "no_session_configured")

    /// Sends the request for `model` and `messages` and reads until the first content event.
    /// Throws an ``OpenAIError`` when no answer could be started.
    public func open(model: ArenaModel, messages: [ChatMessage], logger: Logger) async throws -> OpenedAnswer {
        guard let session = sessions.randomElement() else { throw Self.noSessionError }
        do {
            return try await attempt(model: model, messages: messages, session: session, logger: logger)
        } catch let failure as UpstreamFailure {
            let error = failure.openAIError
            logger.warning("upstream attempt failed", metadata: ["session": "\(session)", "failure": "\(error)"])
            throw error
        }
    }

    /// One upstream attempt on `session`. Throws ``UpstreamFailure`` or `CancellationError`.
    func attempt(model: ArenaModel, messages: [ChatMessage], session: ArenaSession, logger: Logger) async throws -> OpenedAnswer {
        let request = builder.chatRequest(model: model, messages: messages, session: session, recaptchaToken: recaptchaToken)
        let started = ContinuousClock.now
        logger.debug("upstream request", metadata: ["url": "\(request.url)", "session": "\(session)", "bytes": "\(request.body.readableBytes)"])
        let response: ArenaResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw Self.transportFailure(error)
        }
        logger.debug("upstream head", metadata: ["status": "\(response.status)", "after": "\(started.duration(to: .now))"])
        let contentType = response.headers.first(name: "content-type")
        guard (200..<300).contains(response.status) else {
            let body = (try? await response.body.prefix(upTo: 65_536)) ?? ByteBuffer()
            if UpstreamBodyDetail.isHTML(contentType: contentType, firstBytes: body) {
                throw UpstreamFailure.html(status: response.status, title: UpstreamBodyDetail.htmlTitle(body))
            }
            let retryAfter = UpstreamBodyDetail.retryAfter(response.headers.first(name: "retry-after"))
            throw UpstreamFailure.rejected(status: response.status, retryAfter: retryAfter, detail: UpstreamBodyDetail.describe(body))
        }
        if let contentType, contentType.lowercased().contains("text/html") {
            let body = (try? await response.body.prefix(upTo: 65_536)) ?? ByteBuffer()
            throw UpstreamFailure.html(status: response.status, title: UpstreamBodyDetail.htmlTitle(body))
        }
        let reader = ArenaEventReader(body: response.body)
        do {
            while let event = try await reader.next() {
                switch event {
                case .text, .reasoning, .images:
                    logger.debug("first content", metadata: ["after": "\(started.duration(to: .now))"])
                    return OpenedAnswer(reader: reader, first: event, session: session, started: started)
                case .error(let message):
                    throw UpstreamFailure.arenaError(message)
                case .finish:
                    continue
                }
            }
        } catch let failure as UpstreamFailure {
            throw failure
        } catch {
            throw Self.streamFailure(error)
        }
        if UpstreamBodyDetail.isHTML(contentType: nil, firstBytes: reader.head) {
            throw UpstreamFailure.html(status: response.status, title: UpstreamBodyDetail.htmlTitle(reader.head))
        }
        throw UpstreamFailure.empty
    }

    /// Classifies an error thrown while sending.
    static func transportFailure(_ error: any Error) -> any Error {
        if error is CancellationError { return error }
        if let transport = error as? ArenaTransportError { return UpstreamFailure.transport(transport) }
        return UpstreamFailure.transport(ArenaTransportError(.connect, "\(error)"))
    }

    /// Classifies an error thrown while reading the stream.
    static func streamFailure(_ error: any Error) -> any Error {
        if error is CancellationError { return error }
        if let parse = error as? ArenaStreamError { return UpstreamFailure.malformed("\(parse)") }
        if let transport = error as? ArenaTransportError { return UpstreamFailure.transport(transport) }
        return UpstreamFailure.transport(ArenaTransportError(.connectionClosed, "\(error)"))
    }
}

/// An upstream answer whose first content event has arrived.
public final class OpenedAnswer {
    /// Reads the rest of the stream.
    public let reader: ArenaEventReader
    /// The first content event.
    public let first: ArenaEvent
    /// The session that is answering.
    public let session: ArenaSession
    /// When the upstream request was sent.
    public let started: ContinuousClock.Instant

    init(reader: ArenaEventReader, first: ArenaEvent, session: ArenaSession, started: ContinuousClock.Instant) {
        self.reader = reader
        self.first = first
        self.session = session
        self.started = started
    }
}
