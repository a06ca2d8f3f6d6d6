import ArenaWire
import GatewayCore
import OpenAISurface
import Settings

/// The one place where the gateway's failures become what the client reads: a status, a
/// sentence that says what to do, and a stable `code` (the failure table of docs/API.md).
extension OpenAIError {
    /// The error for a request for `model` the gateway gave up on.
    init(_ failure: GatewayFailure, model: String? = nil) {
        switch failure {
        case .upstream(let upstream):
            self.init(upstream, model: model)
        case .noSessionConfigured:
            self = .upstream(
                503, .noSessionConfigured,
                "no lmarena session is configured: set LA_COOKIE to the value of the arena-auth-prod-v1 cookie of a signed-in browser (several, comma-separated)"
            )
        case .sessionsRateLimited(let retryAfter):
            let seconds = max(1, Int((retryAfter.inSeconds).rounded(.up)))
            self.init(
                status: 429, message: "every lmarena session is rate-limited; the first is usable again in \(seconds) s",
                type: .rateLimit, code: .sessionsRateLimited, retryAfter: seconds)
        case .sessionsBusy(let estimate, let summary):
            let seconds = max(1, Int((estimate.inSeconds).rounded(.up)))
            self.init(
                status: 429,
                message:
                    "every lmarena account is busy: this request would start in about \(seconds) s, longer than QUEUE_TIMEOUT allows (\(summary)); send it again later, or add accounts",
                type: .rateLimit, code: .sessionsBusy, retryAfter: seconds)
        case .noUsableSession(let last):
            let hint = last.map { $0.isUserNotFound ? " " + UpstreamFailure.userNotFoundHint : "" } ?? ""
            self = .upstream(
                503, .noUsableSession,
                "every lmarena session was rejected as logged out or invalid, and refreshing it did not help: sign in again and replace the LA_COOKIE entries, or POST the new cookies to /admin/sessions."
                    + hint)
        case .signInRequired:
            let named = model.map { " '\($0)'" } ?? ""
            self.init(
                status: 403,
                message:
                    "the model\(named) needs a signed-in lmarena account (it answered LOGIN_GATE), and every usable session is anonymous: sign in on arena.ai in a browser and add that session's cookie to LA_COOKIE or POST it to /admin/sessions",
                type: .permission, code: .loginRequired)
        case .upload(let failure):
            let image = failure.image.map { " \($0)" } ?? "s"
            self = .upstream(
                502, .uploadFailed,
                "putting the image\(image) on lmarena failed at step \(failure.step.rawValue): \(failure.detail)")
        case .recaptchaUnavailable:
            self = .upstream(
                503, .recaptchaUnavailable,
                "no reCAPTCHA token is available: lmarena needs a fresh one for every chat request. Feed the pool from a signed-in browser (POST /admin/recaptcha-tokens, see docs/OPERATIONS.md) or set RECAPTCHA_TOKEN"
            )
        }
    }

    /// The error for one upstream failure on a request for `model`.
    init(_ failure: UpstreamFailure, model: String? = nil) {
        switch failure {
        case .transport(let error):
            switch error.kind {
            case .connectTimeout:
                self = .upstream(504, ErrorCode(failure.code), "lmarena did not accept a connection in time: \(error.detail)")
            case .firstByteTimeout:
                self = .upstream(504, ErrorCode(failure.code), "lmarena did not start answering in time: \(error.detail)")
            case .idleTimeout:
                self = .upstream(504, ErrorCode(failure.code), "lmarena stopped sending in the middle of the answer: \(error.detail)")
            case .proxy:
                self = .upstream(502, ErrorCode(failure.code), "the outbound proxy (PROXY_URL) failed: \(error.detail)")
            case .connect:
                self = .upstream(502, ErrorCode(failure.code), "could not reach lmarena: \(error.detail)")
            case .connectionClosed:
                self = .upstream(502, ErrorCode(failure.code), "lmarena closed the connection: \(error.detail)")
            }
        case .rejected(let status, let retryAfter, let detail):
            self = Self.rejection(failure, status: status, retryAfter: retryAfter, detail: detail, model: model)
        case .redirected(let status, let location, let origin):
            self = .upstream(
                502, ErrorCode(failure.code),
                "lmarena answered \(status) redirecting to \(location ?? "(no Location)"); a POST is never followed (it would become a GET, which gets 405): set LMARENA_BASE_URL (now \(origin)) to the origin it names"
            )
        case .html(let status, let title):
            let named = title.map { " (title \"\($0)\")" } ?? ""
            self = .upstream(502, ErrorCode(failure.code), "lmarena answered \(status) with an HTML page\(named) instead of a stream")
        case .cloudflare(let verdict, let status):
            if verdict == .block {
                self = .upstream(
                    503, ErrorCode(failure.code),
                    "Cloudflare blocked the request to lmarena (\(status)): \(verdict.advice)")
            } else {
                self = .upstream(
                    503, ErrorCode(failure.code),
                    "Cloudflare answered with a challenge (\(status)): \(verdict.advice)"
                )
            }
        case .arenaError(let message):
            let embedded = ArenaErrorText(message)
            self = .upstream(502, ErrorCode(failure.code), "lmarena reported an error: \(embedded.message)")
        case .empty:
            self = .upstream(502, ErrorCode(failure.code), "lmarena answered with no text and no image")
        case .malformed(let detail):
            self = .upstream(502, ErrorCode(failure.code), "lmarena sent a stream the gateway cannot read: \(detail)")
        case .cancelled:
            self.init(status: 499, message: "the client closed the request", type: .invalidRequest, code: ErrorCode(failure.code))
        }
    }

    private static func rejection(_ failure: UpstreamFailure, status: Int, retryAfter: Int?, detail: String, model: String?) -> OpenAIError {
        let said = detail.isEmpty ? "" : ": \(detail)"
        let lowered = detail.lowercased()
        let named = model.map { " '\($0)'" } ?? ""
        if failure.isPromptFailed {
            return upstream(
                502, ErrorCode(failure.code),
                "lmarena refused the prompt (429 prompt failed). It answers so for two causes: a missing or low-trust reCAPTCHA token (one minted in a headless browser: feed tokens from a real, headed browser), or a prompt it refuses (a very long one, for instance)"
            )
        }
        if failure.isLoginGate {
            return OpenAIError(
                status: 403,
                message:
                    "the model\(named) needs a signed-in lmarena account, and no session could serve it (lmarena answered \(detail)): sign in on arena.ai in a browser and put that session's cookie in LA_COOKIE",
                type: .permission, code: ErrorCode(failure.code))
        }
        if failure.isNotAllowed {
            return OpenAIError(
                status: 403, message: "lmarena does not allow this account to use the model\(named) in this mode (403 Not allowed)",
                type: .permission, param: "model", code: ErrorCode(failure.code))
        }
        switch status {
        case 401 where failure.isUserNotFound:
            return upstream(503, ErrorCode(failure.code), "lmarena rejected the session. " + UpstreamFailure.userNotFoundHint)
        case 401:
            return upstream(
                503, ErrorCode(failure.code),
                "lmarena rejected the session\(said). The LA_COOKIE entry is logged out or expired: sign in again and update LA_COOKIE")
        case 403 where lowered.contains("recaptcha"):
            return upstream(503, ErrorCode(failure.code), "lmarena rejected the reCAPTCHA token\(said). Supply a fresh token (RECAPTCHA_TOKEN)")
        case 403 where lowered.contains("route not allowed"):
            return upstream(
                502, ErrorCode(failure.code), "lmarena no longer serves this route\(said). The legacy dialect is retired: use LMARENA_DIALECT=v2")
        case 404 where lowered.contains("model"):
            return OpenAIError(
                status: 404, message: "lmarena does not know this model\(said). The registry entry may be stale (MODELS_FILE)",
                type: .invalidRequest, param: "model", code: ErrorCode(failure.code))
        case 413:
            return OpenAIError(
                status: 413, message: "lmarena refused the request as too large\(said)", type: .invalidRequest, code: ErrorCode(failure.code))
        case 422:
            return OpenAIError(
                status: 400, message: "lmarena refused the prompt as flagged content\(said)", type: .invalidRequest, code: ErrorCode(failure.code))
        case 429:
            return OpenAIError(
                status: 429, message: "lmarena is rate-limiting this session\(said)", type: .rateLimit, code: ErrorCode(failure.code),
                retryAfter: retryAfter)
        default:
            return upstream(502, ErrorCode(failure.code), "lmarena answered \(status)\(said)")
        }
    }

    private static func upstream(_ status: Int, _ code: ErrorCode, _ message: String) -> OpenAIError {
        OpenAIError(status: status, message: message, type: .upstream, code: code)
    }
}
