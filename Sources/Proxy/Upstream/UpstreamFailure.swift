/// Why an upstream attempt produced no answer, before anything reached the client.
public enum UpstreamFailure: Error, Sendable, Equatable {
    /// The transport failed (connect, timeout, closed connection, proxy).
    case transport(ArenaTransportError)
    /// lmarena answered a non-2xx status with a non-HTML body.
    case rejected(status: Int, retryAfter: Int?, detail: String)
    /// lmarena answered with an HTML page instead of a stream (not a Cloudflare one).
    case html(status: Int, title: String?)
    /// Cloudflare answered with a challenge or a block page.
    case cloudflare(CloudflareVerdict, status: Int)
    /// The stream reported an error (`a3:` or `hasArenaError`) before any content.
    case arenaError(String)
    /// A 2xx stream that ended with no text and no image.
    case empty
    /// The stream could not be parsed.
    case malformed(String)
}

extension UpstreamFailure {
    /// The error the client gets for this failure.
    public var openAIError: OpenAIError {
        switch self {
        case .transport(let error):
            switch error.kind {
            case .connectTimeout:
                return upstream(504, "upstream_timeout", "lmarena did not accept a connection in time: \(error.detail)")
            case .firstByteTimeout:
                return upstream(504, "upstream_timeout", "lmarena did not start answering in time: \(error.detail)")
            case .idleTimeout:
                return upstream(504, "upstream_timeout", "lmarena stopped sending in the middle of the answer: \(error.detail)")
            case .proxy:
                return upstream(502, "proxy_error", "the outbound proxy (PROXY_URL) failed: \(error.detail)")
            case .connect:
                return upstream(502, "upstream_unreachable", "could not reach lmarena: \(error.detail)")
            case .connectionClosed:
                return upstream(502, "upstream_connection_closed", "lmarena closed the connection: \(error.detail)")
            }
        case .rejected(let status, let retryAfter, let detail):
            return Self.rejectionError(status: status, retryAfter: retryAfter, detail: detail)
        case .html(let status, let title):
            let named = title.map { " (title \"\($0)\")" } ?? ""
            return upstream(502, "upstream_html", "lmarena answered \(status) with an HTML page\(named) instead of a stream")
        case .cloudflare(let verdict, let status):
            if verdict == .block {
                return upstream(503, "cloudflare_blocked", "Cloudflare blocked the request to lmarena (\(status)): this IP is blocked; use another network or an outbound proxy (PROXY_URL)")
            }
            return upstream(503, "cloudflare_challenge", "Cloudflare answered with a challenge (\(status)): CF_CLEARANCE is missing or stale for this IP and User-Agent. Refresh it from a browser on the same IP, and set USER_AGENT to that browser's User-Agent")
        case .arenaError(let message):
            return upstream(502, "arena_error", "lmarena reported an error: \(message)")
        case .empty:
            return upstream(502, "upstream_empty", "lmarena answered with no text and no image")
        case .malformed(let detail):
            return upstream(502, "upstream_protocol_error", "lmarena sent a stream the gateway cannot read: \(detail)")
        }
    }

    private static func rejectionError(status: Int, retryAfter: Int?, detail: String) -> OpenAIError {
        let said = detail.isEmpty ? "" : ": \(detail)"
        let lowered = detail.lowercased()
        switch status {
        case 401:
            return upstream(503, "session_invalid", "lmarena rejected the session\(said). The LA_COOKIE entry is logged out or expired: sign in again and update LA_COOKIE")
        case 403 where lowered.contains("recaptcha"):
            return upstream(503, "recaptcha_rejected", "lmarena rejected the reCAPTCHA token\(said). Supply a fresh token (RECAPTCHA_TOKEN)")
        case 403 where lowered.contains("route not allowed"):
            return upstream(502, "upstream_route_not_allowed", "lmarena no longer serves this route\(said). The legacy dialect is retired: use LMARENA_DIALECT=v2")
        case 404 where lowered.contains("model"):
            return OpenAIError(status: 404, message: "lmarena does not know this model\(said). The registry entry may be stale (MODELS_FILE)", type: "invalid_request_error", param: "model", code: "model_not_found")
        case 413:
            return OpenAIError(status: 413, message: "lmarena refused the request as too large\(said)", type: "invalid_request_error", code: "request_too_large")
        case 422:
            return OpenAIError(status: 400, message: "lmarena refused the prompt as flagged content\(said)", type: "invalid_request_error", code: "content_flagged")
        case 429:
            var error = upstream(429, "upstream_rate_limited", "lmarena is rate-limiting this session\(said)")
            error.type = "rate_limit_error"
            error.retryAfter = retryAfter
            return error
        default:
            return upstream(502, "upstream_error", "lmarena answered \(status)\(said)")
        }
    }

    private static func upstream(_ status: Int, _ code: String, _ message: String) -> OpenAIError {
        OpenAIError(status: status, message: message, type: "upstream_error", code: code)
    }

    private func upstream(_ status: Int, _ code: String, _ message: String) -> OpenAIError {
        Self.upstream(status, code, message)
    }
}
