extension UpstreamFailure {
    /// Whether another session should try: everything but failures of the request itself, of
    /// the outbound proxy, and Cloudflare's (a stale clearance fails on every session alike).
    package var isRetryable: Bool {
        switch self {
        case .transport(let error): return error.kind != .proxy
        case .rejected(let status, _, let detail):
            switch status {
            case 429: return !isPromptFailed
            case 401, 500...: return true
            case 403: return isLoginGate || !Self.isRequestProblem(detail)
            default: return false
            }
        case .html(let status, _): return status >= 500
        case .redirected, .cloudflare, .cancelled: return false
        case .arenaError, .empty, .malformed: return true
        }
    }

    /// Whether lmarena rejected the request's reCAPTCHA token.
    package var isRecaptchaRejection: Bool {
        if case .rejected(403, _, let detail) = self { return detail.lowercased().contains("recaptcha") }
        return false
    }

    /// `429 {"error":"prompt failed"}`: no or a low-trust reCAPTCHA token, or a prompt lmarena refuses.
    package var isPromptFailed: Bool {
        if case .rejected(429, _, let detail) = self { return detail.lowercased().contains("prompt failed") }
        return false
    }

    /// lmarena answered 401: the session's token is expired or invalid (a refresh may help). A
    /// login gate is a 401 too, and is not this: the session is fine, only anonymous.
    package var isUnauthorized: Bool {
        if case .rejected(401, _, _) = self { return !isLoginGate }
        return false
    }

    /// `400 Evaluation session ID seems spoofed, offset too big`: the ids' time is far from the
    /// site's clock (the host's clock is off, or was before the site's `Date` was read).
    package var isSpoofedID: Bool {
        if case .rejected(400, _, let detail) = self { return detail.lowercased().contains("spoofed") }
        return false
    }

    /// lmarena penalized the account: `403 recaptcha validation failed`. The account rests.
    package var isPenalty: Bool {
        isRecaptchaRejection
    }

    /// `{"error":"Login required","code":"LOGIN_GATE"}`: an anonymous session asked for a model
    /// that needs a signed-in account.
    package var isLoginGate: Bool {
        if case .rejected(_, _, let detail) = self {
            return detail.contains("LOGIN_GATE") || detail.lowercased().contains("login required")
        }
        return false
    }

    /// `403 {"error":"Not allowed"}`: the model or mode is not allowed for this account.
    package var isNotAllowed: Bool {
        if case .rejected(403, _, let detail) = self { return detail.lowercased() == "not allowed" }
        return false
    }

    /// 403 answers that are about the request, not the session.
    package static func isRequestProblem(_ detail: String) -> Bool {
        let lowered = detail.lowercased()
        return lowered.contains("recaptcha") || lowered.contains("not allowed")
    }
}

extension UpstreamFailure {
    /// `401 {"message":"User not found"}`: the auth cookie without the rest of the set, or a gone user.
    package var isUserNotFound: Bool {
        if case .rejected(401, _, let detail) = self { return detail.lowercased().contains("user not found") }
        return false
    }
}

extension UpstreamFailure: CustomStringConvertible {
    /// The stable code of the failure, in the client's error and in the attempt metric's label:
    /// decided here, once, from what lmarena answered.
    package var code: String {
        switch self {
        case .transport(let error):
            switch error.kind {
            case .connectTimeout, .firstByteTimeout, .idleTimeout: return "upstream_timeout"
            case .proxy: return "proxy_error"
            case .connect: return "upstream_unreachable"
            case .connectionClosed: return "upstream_connection_closed"
            }
        case .rejected(let status, _, let detail):
            if isPromptFailed { return "prompt_failed" }
            if isSpoofedID { return "clock_skew" }
            if isLoginGate { return "login_required" }
            if isNotAllowed { return "model_not_allowed" }
            let lowered = detail.lowercased()
            switch status {
            case 401: return "session_invalid"
            case 403 where lowered.contains("recaptcha"): return "recaptcha_rejected"
            case 403 where lowered.contains("route not allowed"): return "upstream_route_not_allowed"
            case 404 where lowered.contains("model"): return "model_not_found"
            case 413: return "request_too_large"
            case 422: return "content_flagged"
            case 429: return "upstream_rate_limited"
            default: return "upstream_error"
            }
        case .redirected: return "upstream_redirect"
        case .html: return "upstream_html"
        case .cloudflare(let verdict, _): return verdict == .block ? "cloudflare_blocked" : "cloudflare_challenge"
        case .arenaError(let message): return ArenaErrorText(message).code ?? "arena_error"
        case .empty: return "upstream_empty"
        case .malformed: return "upstream_protocol_error"
        case .cancelled: return "client_closed_request"
        }
    }

    /// What lmarena did, in a line for an operator's log (it may quote upstream bytes: redact it).
    public var description: String {
        switch self {
        case .transport(let error): return "\(code): \(error.detail)"
        case .rejected(let status, _, let detail): return "\(code): lmarena answered \(status)\(detail.isEmpty ? "" : ": \(detail)")"
        case .redirected(let status, let location, _): return "\(code): lmarena answered \(status) redirecting to \(location ?? "(no Location)")"
        case .html(let status, let title): return "\(code): lmarena answered \(status) with an HTML page\(title.map { " (title \"\($0)\")" } ?? "")"
        case .cloudflare(_, let status): return "\(code): Cloudflare answered \(status)"
        case .arenaError(let message): return "\(code): lmarena reported an error: \(ArenaErrorText(message).message)"
        case .empty: return "\(code): lmarena answered with no text and no image"
        case .malformed(let detail): return "\(code): lmarena sent a stream the gateway cannot read: \(detail)"
        case .cancelled: return "\(code): the client closed the request"
        }
    }

    /// What an operator must do when lmarena answers `401 User not found`.
    package static let userNotFoundHint =
        "lmarena answered 401 User not found: the auth cookie went up without the rest of the cookie set, or the user is gone. Each LA_COOKIE entry must hold the whole arena-auth-prod-v1 cookie (every .0, .1 ... chunk, joined with '|'), and cf_clearance must go with it (CF_CLEARANCE, or in the entry): pasting the browser's whole Cookie header as the entry carries all of them"
}
