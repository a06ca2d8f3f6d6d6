import NIOCore
import NIOHTTP1

/// Why an upstream attempt produced no answer, or why an answer stopped: the one type every
/// classifier returns, so no caller downcasts an `any Error` again.
///
/// What a failure means for the session is in `UpstreamFailure+Session.swift`; what the client is
/// told is in the server layer's `OpenAIError+Gateway.swift`, the one place failures become OpenAI errors.
package enum UpstreamFailure: Error, Sendable, Equatable {
    /// The transport failed (connect, timeout, closed connection, proxy).
    case transport(ArenaTransportError)
    /// lmarena answered a non-2xx status with a non-HTML body.
    case rejected(status: Int, retryAfter: Int?, detail: String)
    /// lmarena answered a redirect (`lmarena.ai` -> `arena.ai`), which is never followed for a
    /// POST: `origin` is the configured `LMARENA_BASE_URL`.
    case redirected(status: Int, location: String?, origin: String)
    /// lmarena answered with an HTML page instead of a stream (not a Cloudflare one).
    case html(status: Int, title: String?)
    /// Cloudflare answered with a challenge or a block page.
    case cloudflare(CloudflareVerdict, status: Int)
    /// The stream reported an error (`a3:` or `hasArenaError`).
    case arenaError(String)
    /// A 2xx stream that ended with no text and no image.
    case empty
    /// The stream could not be parsed.
    case malformed(String)
    /// The client left: the task reading the answer was cancelled. Nobody is told.
    case cancelled
}

extension UpstreamFailure {
    /// Classifies an error thrown while sending a request, before the response head.
    package static func sending(_ error: any Error) -> UpstreamFailure {
        if error is CancellationError { return .cancelled }
        if let failure = error as? any ArenaTransportFailure { return .transport(ArenaTransportError(failure.kind, failure.detail)) }
        return .transport(ArenaTransportError(.connect, "\(error)"))
    }

    /// Classifies an error thrown while reading the response body.
    package static func reading(_ error: any Error) -> UpstreamFailure {
        if error is CancellationError { return .cancelled }
        if let parse = error as? ArenaStreamError { return .malformed("\(parse)") }
        if let failure = error as? any ArenaTransportFailure { return .transport(ArenaTransportError(failure.kind, failure.detail)) }
        return .transport(ArenaTransportError(.connectionClosed, "\(error)"))
    }

    /// Classifies a response whose head says it is not a stream: a non-2xx status, a Cloudflare
    /// mark, or an HTML page. `body` holds its first bytes. `nil` when it is a stream after all.
    package static func head(status: Int, headers: HTTPHeaders, body: ByteBuffer) -> UpstreamFailure? {
        let contentType = headers.first(name: "content-type")
        let mitigated = headers[canonicalForm: "cf-mitigated"].contains { $0.lowercased() == "challenge" }
        if mitigated || UpstreamBodyDetail.isHTML(contentType: contentType, firstBytes: body) {
            return page(status: status, headers: headers, body: body)
        }
        guard (200..<300).contains(status) else {
            // `Retry-After` when sent; otherwise the reset of the site's `ratelimit` header.
            let retryAfter = UpstreamBodyDetail.retryAfter(headers.first(name: "retry-after")) ?? ArenaRateLimit(headers)?.reset
            return .rejected(status: status, retryAfter: retryAfter, detail: UpstreamBodyDetail.describe(body))
        }
        return nil
    }

    /// A Cloudflare challenge or block, decided by parsing the page, or another HTML page.
    package static func page(status: Int, headers: HTTPHeaders, body: ByteBuffer) -> UpstreamFailure {
        let verdict = CloudflareDetector.classify(headers: headers, body: body)
        if verdict != .other { return .cloudflare(verdict, status: status) }
        return .html(status: status, title: UpstreamBodyDetail.htmlTitle(body))
    }
}
