import ArenaWire
import Logging
import NIOCore
import NIOHTTP1

/// One exchange with lmarena, the same for every caller (a chat attempt, the catalogue read, a
/// session refresh, an upload step): send, note whether lmarena was reached, take the answer's
/// `Set-Cookie` into the session that sent it, note its rate-limit header, and read the head as
/// the caller's ``HeadRule`` says: an answer, or the ``UpstreamFailure`` it is, a Cloudflare page
/// also recorded as an incident.
package struct ArenaExchange: Sendable {
    /// Which heads are failures, for an answer read whole.
    package enum HeadRule: Sendable {
        /// A JSON document (the catalogue): a non-2xx status, a Cloudflare page or any other HTML
        /// page is a failure.
        case document
        /// A page of the site (`GET /`): a Cloudflare page or a 5xx is a failure; any other
        /// answer is the caller's to read.
        case page
    }

    /// What came back: the head, the body (up to the limit asked for), and what the answer's
    /// `Set-Cookie` did to the session.
    package struct Reply: Sendable {
        /// HTTP status.
        package var status: Int
        /// Response headers.
        package var headers: HTTPHeaders
        /// The body, whole or up to the limit.
        package var body: ByteBuffer
        /// The session's rotation (`nil` without a session).
        package var rotation: ArenaSession.Rotation?
    }

    /// Where requests go.
    package let transport: any ArenaTransport
    /// The sessions: what an answer says of its session.
    package let pool: SessionPool
    /// lmarena as a whole: reachability and Cloudflare.
    package let watch: UpstreamWatch

    /// An exchange through `transport`, reporting to `pool` and `watch`.
    package init(transport: any ArenaTransport, pool: SessionPool, watch: UpstreamWatch) {
        self.transport = transport
        self.pool = pool
        self.watch = watch
    }

    /// Sends `request` and returns once the head arrived, the body still to be read. A failure to
    /// connect marks lmarena unreachable, any answer reachable; the answer's `Set-Cookie` updates
    /// `session` and its `ratelimit` header is noted.
    package func send(
        _ request: ArenaRequest, session: ArenaSession?, redactor: Redactor, logger: Logger? = nil
    ) async throws(UpstreamFailure) -> (response: ArenaResponse, rotation: ArenaSession.Rotation?) {
        let started = ContinuousClock.now
        let response: ArenaResponse
        do {
            response = try await transport.send(request)
        } catch {
            let failure = UpstreamFailure.sending(error)
            if case .transport(let problem) = failure, [.connect, .connectTimeout, .proxy].contains(problem.kind) {
                watch.recordReach(failure: redactor.scrub(problem.detail))
            }
            throw failure
        }
        watch.recordReach(failure: nil)
        watch.observeDate(response.headers.first(name: "date"))
        if let logger, logger.logLevel <= .debug {
            logger.debug(
                "upstream head",
                metadata: [
                    "status": "\(response.status)", "headers": "\(redactor.headers(response.headers))", "after": "\(started.duration(to: .now))",
                ])
        }
        guard let session else { return (response, nil) }
        let rotation = pool.absorb(response.headers, from: session)
        if let rateLimit = ArenaRateLimit(response.headers) { pool.observe(rateLimit, on: session) }
        return (response, rotation)
    }

    /// An exchange whose answer is a stream: a redirect is a failure (a POST is never followed),
    /// and the head and the first content event are read by ``ArenaAnswer/open(_:session:started:)``.
    package func open(
        _ request: ArenaRequest, session: ArenaSession, redactor: Redactor, origin: String, logger: Logger? = nil
    ) async throws(UpstreamFailure) -> ArenaAnswer {
        let started = ContinuousClock.now
        let response = try await send(request, session: session, redactor: redactor, logger: logger).response
        if (300..<400).contains(response.status) {
            // Read the (short) body, so the exchange ends as every other does (a recorder sees it whole).
            _ = try? await response.body.prefix(upTo: 65_536)
            let location = response.headers.first(name: "location").map(redactor.scrub)
            throw UpstreamFailure.redirected(status: response.status, location: location, origin: origin)
        }
        do {
            let answer = try await ArenaAnswer.open(response, session: session, started: started)
            watch.answered()
            return answer
        } catch {
            note(error)
            throw error
        }
    }

    /// An exchange whose answer is read whole, up to `limit` bytes, its head judged by `rule`.
    package func read(
        _ request: ArenaRequest, session: ArenaSession?, limit: Int, rule: HeadRule, redactor: Redactor
    ) async throws(UpstreamFailure) -> Reply {
        let (response, rotation) = try await send(request, session: session, redactor: redactor)
        let body: ByteBuffer
        do {
            body = try await rule == .document ? response.body.collect(upTo: limit) : response.body.prefix(upTo: limit)
        } catch {
            throw UpstreamFailure.reading(error)
        }
        let failure: UpstreamFailure?
        switch rule {
        case .document:
            failure = UpstreamFailure.head(status: response.status, headers: response.headers, body: body)
        case .page:
            let verdict = CloudflareDetector.classify(headers: response.headers, body: body)
            if case .rotated(_, auth: true) = rotation {
                // A new session cookie is what a page was asked for, whatever else it says.
                failure = nil
            } else if verdict != .other {
                failure = .cloudflare(verdict, status: response.status)
            } else if response.status >= 500 {
                failure = .rejected(status: response.status, retryAfter: nil, detail: UpstreamBodyDetail.describe(body))
            } else {
                failure = nil
            }
        }
        if let failure {
            note(failure)
            throw failure
        }
        return Reply(status: response.status, headers: response.headers, body: body, rotation: rotation)
    }

    /// Records what a failure says of lmarena as a whole: a Cloudflare page is an incident.
    package func note(_ failure: UpstreamFailure) {
        if case .cloudflare(let verdict, _) = failure { watch.recordCloudflare(verdict) }
    }
}
