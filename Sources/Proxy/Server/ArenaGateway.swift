import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The gateway's core: turns a validated chat request into an upstream answer that has started.
///
/// Nothing reaches the client until the first upstream content event, so every failure before
/// it becomes a proper error status (and, with the resilience work, a retry on another session).
public struct ArenaGateway: Sendable {
    /// Where upstream requests go.
    public var transport: any ArenaTransport
    /// Builds upstream requests in the configured dialect.
    public var builder: ArenaRequestBuilder
    /// The lmarena sessions and their health.
    public var pool: SessionPool
    /// Where `v2` requests get their reCAPTCHA tokens.
    public var recaptcha: RecaptchaTokens
    /// How many times a failed attempt is retried on another session (`MAX_RETRIES`).
    public var maxRetries: Int
    /// Where attempts, time to first token and durations are counted.
    public var metrics: GatewayMetrics
    /// What removes credentials from debug logs.
    public var redactor: Redactor

    /// Creates a gateway.
    public init(
        transport: any ArenaTransport, builder: ArenaRequestBuilder, pool: SessionPool, recaptcha: RecaptchaTokens, maxRetries: Int,
        metrics: GatewayMetrics = GatewayMetrics(), redactor: Redactor = Redactor()
    ) {
        self.transport = transport
        self.builder = builder
        self.pool = pool
        self.recaptcha = recaptcha
        self.maxRetries = maxRetries
        self.metrics = metrics
        self.redactor = redactor
    }

    /// How many rejected pooled tokens one request replaces before it gives up.
    static let maxRejectedTokens = 3

    /// The error chat requests get while no session is configured.
    public static let noSessionError = OpenAIError(
        status: 503,
        message: "no lmarena session is configured: set LA_COOKIE to the value of the arena-auth-prod-v1 cookie of a signed-in browser (several, comma-separated)",
        type: "upstream_error", code: "no_session_configured")

    /// Sends the request for `model` and `messages` and reads until the first content event,
    /// retrying a failed attempt on another healthy session while nothing has reached the
    /// client: at most every healthy session once, and at most `maxRetries` retries.
    /// Throws an ``OpenAIError`` when no answer could be started.
    public func open(model: ArenaModel, messages: [ChatMessage], logger: Logger) async throws -> OpenedAnswer {
        let arrived = ContinuousClock.now
        var tried: Set<Int> = []
        var attempts = 0
        var rejectedTokens = 0
        var lastFailure: UpstreamFailure?
        while attempts <= maxRetries {
            let session: ArenaSession
            switch pool.lease(excluding: tried) {
            case .session(let leased):
                session = leased
            case .noneConfigured:
                throw Self.noSessionError
            case .allCoolingDown, .noneUsable, .exhausted:
                throw poolError(after: lastFailure)
            }
            attempts += 1
            do {
                let opened = try await attempt(model: model, messages: messages, session: session, logger: logger)
                pool.report(session, .success)
                metrics.recordAttempt(outcome: "success")
                metrics.observeTimeToFirstToken(arrived.duration(to: .now))
                return opened
            } catch let failure as UpstreamFailure {
                let outcome = failure.sessionOutcome
                pool.report(session, outcome)
                metrics.recordAttempt(outcome: failure.openAIError.code ?? "error")
                // A session is not tried twice for one request, unless the failure was not its own
                // (a connection that dropped can be retried on the same session).
                if outcome != .notSessionFault { tried.insert(session.number) }
                if case .cloudflare(let verdict, _) = failure { pool.recordCloudflare(verdict) }
                logger.warning("upstream attempt failed", metadata: [
                    "session": "\(session)", "attempt": "\(attempts)", "failure": "\(failure.openAIError)",
                    "retry": "\(failure.isRetryable && attempts <= maxRetries)",
                ])
                lastFailure = failure
                // A rejected pooled token is dropped (it was used) and the attempt repeated with
                // the next one, on any session: it says nothing about the session.
                if failure.isRecaptchaRejection, recaptcha.isPooled, rejectedTokens < Self.maxRejectedTokens {
                    rejectedTokens += 1
                    attempts -= 1
                    continue
                }
                if !failure.isRetryable { throw failure.openAIError }
            }
        }
        throw lastFailure?.openAIError ?? Self.noSessionError
    }

    /// The error when the pool has no session to offer: every session cooling down (429 with
    /// the soonest recovery), none usable (503), or the healthy ones all failed (their last error).
    private func poolError(after lastFailure: UpstreamFailure?) -> OpenAIError {
        switch pool.lease() {
        case .allCoolingDown(let retryAfter):
            let seconds = max(1, Int((Double(retryAfter.components.seconds) + Double(retryAfter.components.attoseconds) / 1e18).rounded(.up)))
            return OpenAIError(
                status: 429, message: "every lmarena session is rate-limited; the first is usable again in \(seconds) s",
                type: "rate_limit_error", code: "sessions_rate_limited", retryAfter: seconds)
        case .noneUsable:
            return OpenAIError(
                status: 503,
                message: "every lmarena session in LA_COOKIE was rejected as logged out or invalid: sign in again, update LA_COOKIE and restart",
                type: "upstream_error", code: "no_usable_session")
        case .noneConfigured:
            return Self.noSessionError
        case .session, .exhausted:
            return lastFailure?.openAIError ?? Self.noSessionError
        }
    }

    /// One upstream attempt on `session`. Throws ``UpstreamFailure`` or `CancellationError`.
    func attempt(model: ArenaModel, messages: [ChatMessage], session: ArenaSession, logger: Logger) async throws -> OpenedAnswer {
        let token = builder.dialect == .v2 ? try await recaptcha.next() : nil
        let request = builder.chatRequest(model: model, messages: messages, session: session, recaptchaToken: token)
        let started = ContinuousClock.now
        if logger.logLevel <= .debug {
            let headers = request.headers.map { "\($0.name): \(redactor.headerValue(name: $0.name, value: $0.value))" }.joined(separator: "; ")
            let body = redactor.body(String(buffer: request.body))
            logger.debug("upstream request", metadata: [
                "url": "\(redactor.scrub(request.url))", "session": "\(session)", "headers": "\(headers)",
                "body": "\(body.count > 2000 ? String(body.prefix(2000)) + "..." : body)",
            ])
        }
        let response: ArenaResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw Self.transportFailure(error)
        }
        if logger.logLevel <= .debug {
            let headers = response.headers.map { "\($0.name): \(redactor.headerValue(name: $0.name, value: $0.value))" }.joined(separator: "; ")
            logger.debug("upstream head", metadata: ["status": "\(response.status)", "headers": "\(headers)", "after": "\(started.duration(to: .now))"])
        }
        let contentType = response.headers.first(name: "content-type")
        guard (200..<300).contains(response.status) else {
            let body = (try? await response.body.prefix(upTo: 65_536)) ?? ByteBuffer()
            if UpstreamBodyDetail.isHTML(contentType: contentType, firstBytes: body) || Self.isMitigated(response) {
                throw Self.htmlFailure(status: response.status, headers: response.headers, body: body)
            }
            let retryAfter = UpstreamBodyDetail.retryAfter(response.headers.first(name: "retry-after"))
            throw UpstreamFailure.rejected(status: response.status, retryAfter: retryAfter, detail: UpstreamBodyDetail.describe(body))
        }
        if let contentType, contentType.lowercased().contains("text/html") {
            let body = (try? await response.body.prefix(upTo: CloudflareDetector.maxParsedBytes)) ?? ByteBuffer()
            throw Self.htmlFailure(status: response.status, headers: response.headers, body: body)
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
            throw Self.htmlFailure(status: response.status, headers: response.headers, body: reader.head)
        }
        throw UpstreamFailure.empty
    }

    /// Whether Cloudflare marked the response as a challenge in its headers.
    static func isMitigated(_ response: ArenaResponse) -> Bool {
        response.headers[canonicalForm: "cf-mitigated"].contains { $0.lowercased() == "challenge" }
    }

    /// A Cloudflare challenge or block, decided by parsing the page, or another HTML page.
    static func htmlFailure(status: Int, headers: HTTPHeaders, body: ByteBuffer) -> UpstreamFailure {
        let verdict = CloudflareDetector.classify(headers: headers, body: body)
        if verdict != .other { return .cloudflare(verdict, status: status) }
        return .html(status: status, title: UpstreamBodyDetail.htmlTitle(body))
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
