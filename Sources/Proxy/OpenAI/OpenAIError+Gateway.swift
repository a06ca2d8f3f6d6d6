/// The one place where the gateway's failures become what the client reads: a status, a
/// sentence that says what to do, and a stable `code` (the README's failure table).
extension OpenAIError {
    /// The error for a request the gateway gave up on.
    init(_ failure: GatewayFailure) {
        switch failure {
        case .upstream(let upstream):
            self.init(upstream)
        case .noSessionConfigured:
            self = .upstream(
                503, "no_session_configured",
                "no lmarena session is configured: set LA_COOKIE to the value of the arena-auth-prod-v1 cookie of a signed-in browser (several, comma-separated)")
        case .sessionsRateLimited(let retryAfter):
            let seconds = max(1, Int((Double(retryAfter.components.seconds) + Double(retryAfter.components.attoseconds) / 1e18).rounded(.up)))
            self.init(
                status: 429, message: "every lmarena session is rate-limited; the first is usable again in \(seconds) s",
                type: "rate_limit_error", code: "sessions_rate_limited", retryAfter: seconds)
        case .noUsableSession:
            self = .upstream(
                503, "no_usable_session",
                "every lmarena session in LA_COOKIE was rejected as logged out or invalid: sign in again, update LA_COOKIE and restart")
        case .recaptchaUnavailable:
            self = .upstream(
                503, "recaptcha_unavailable",
                "no reCAPTCHA token is available: lmarena needs a fresh one for every chat request. Feed the pool from a signed-in browser (POST /admin/recaptcha-tokens, see the README) or set RECAPTCHA_TOKEN")
        }
    }

    /// The error for one upstream failure.
    init(_ failure: UpstreamFailure) {
        switch failure {
        case .transport(let error):
            switch error.kind {
            case .connectTimeout:
                self = .upstream(504, "upstream_timeout", "lmarena did not accept a connection in time: \(error.detail)")
            case .firstByteTimeout:
                self = .upstream(504, "upstream_timeout", "lmarena did not start answering in time: \(error.detail)")
            case .idleTimeout:
                self = .upstream(504, "upstream_timeout", "lmarena stopped sending in the middle of the answer: \(error.detail)")
            case .proxy:
                self = .upstream(502, "proxy_error", "the outbound proxy (PROXY_URL) failed: \(error.detail)")
            case .connect:
                self = .upstream(502, "upstream_unreachable", "could not reach lmarena: \(error.detail)")
            case .connectionClosed:
                self = .upstream(502, "upstream_connection_closed", "lmarena closed the connection: \(error.detail)")
            }
        case .rejected(let status, let retryAfter, let detail):
            self = Self.rejection(status: status, retryAfter: retryAfter, detail: detail)
        case .html(let status, let title):
            let named = title.map { " (title \"\($0)\")" } ?? ""
            self = .upstream(502, "upstream_html", "lmarena answered \(status) with an HTML page\(named) instead of a stream")
        case .cloudflare(let verdict, let status):
            if verdict == .block {
                self = .upstream(503, "cloudflare_blocked", "Cloudflare blocked the request to lmarena (\(status)): this IP is blocked; use another network or an outbound proxy (PROXY_URL)")
            } else {
                self = .upstream(503, "cloudflare_challenge", "Cloudflare answered with a challenge (\(status)): CF_CLEARANCE is missing or stale for this IP and User-Agent. Refresh it from a browser on the same IP, and set USER_AGENT to that browser's User-Agent")
            }
        case .arenaError(let message):
            self = .upstream(502, "arena_error", "lmarena reported an error: \(message)")
        case .empty:
            self = .upstream(502, "upstream_empty", "lmarena answered with no text and no image")
        case .malformed(let detail):
            self = .upstream(502, "upstream_protocol_error", "lmarena sent a stream the gateway cannot read: \(detail)")
        case .cancelled:
            self.init(status: 499, message: "the client closed the request", type: "invalid_request_error", code: "client_closed_request")
        }
    }

    private static func rejection(status: Int, retryAfter: Int?, detail: String) -> OpenAIError {
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
            return OpenAIError(status: 429, message: "lmarena is rate-limiting this session\(said)", type: "rate_limit_error", code: "upstream_rate_limited", retryAfter: retryAfter)
        default:
            return upstream(502, "upstream_error", "lmarena answered \(status)\(said)")
        }
    }

    private static func upstream(_ status: Int, _ code: String, _ message: String) -> OpenAIError {
        OpenAIError(status: status, message: message, type: "upstream_error", code: code)
    }
}
