extension UpstreamFailure {
    /// What the failure says about the session it happened on.
    var sessionOutcome: SessionRoster.Outcome {
        switch self {
        case .transport(let error):
            switch error.kind {
            case .firstByteTimeout, .idleTimeout: return .failure
            case .connect, .connectTimeout, .connectionClosed, .proxy: return .notSessionFault
            }
        case .rejected(let status, let retryAfter, let detail):
            switch status {
            // "prompt failed" is about the token or the prompt, not a rate limit: the session does not rest.
            case 429 where isPromptFailed: return .notSessionFault
            case 429: return .rateLimited(retryAfter: retryAfter.map { .seconds($0) })
            case 401: return .invalid(reason: detail.isEmpty ? "401" : "401: \(detail)")
            case 500...: return .failure
            case 403 where !Self.isRequestProblem(detail) && !isLoginGate: return .failure
            default: return .notSessionFault
            }
        case .html(let status, _): return status >= 500 ? .failure : .notSessionFault
        case .redirected, .cloudflare, .cancelled: return .notSessionFault
        case .arenaError, .empty, .malformed: return .failure
        }
    }

    /// Whether the session it happened on is not tried again for this request: its own failures,
    /// and a login gate (the session stays usable for other models).
    var setsSessionAside: Bool {
        sessionOutcome != .notSessionFault || isLoginGate
    }

    /// Whether another session should try: everything but failures of the request itself, of
    /// the outbound proxy, and Cloudflare's (a stale clearance fails on every session alike).
    var isRetryable: Bool {
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
    var isRecaptchaRejection: Bool {
        if case .rejected(403, _, let detail) = self { return detail.lowercased().contains("recaptcha") }
        return false
    }

    /// `429 {"error":"prompt failed"}`: no or a low-trust reCAPTCHA token, or a prompt lmarena refuses.
    var isPromptFailed: Bool {
        if case .rejected(429, _, let detail) = self { return detail.lowercased().contains("prompt failed") }
        return false
    }

    /// lmarena answered 401: the session's token is expired or invalid (a refresh may help).
    var isUnauthorized: Bool {
        if case .rejected(401, _, _) = self { return true }
        return false
    }

    /// `{"error":"Login required","code":"LOGIN_GATE"}`: an anonymous session asked for a model
    /// that needs a signed-in account.
    var isLoginGate: Bool {
        if case .rejected(_, _, let detail) = self {
            return detail.contains("LOGIN_GATE") || detail.lowercased().contains("login required")
        }
        return false
    }

    /// `403 {"error":"Not allowed"}`: the model or mode is not allowed for this account.
    var isNotAllowed: Bool {
        if case .rejected(403, _, let detail) = self { return detail.lowercased() == "not allowed" }
        return false
    }

    /// 403 answers that are about the request, not the session.
    private static func isRequestProblem(_ detail: String) -> Bool {
        let lowered = detail.lowercased()
        return lowered.contains("recaptcha") || lowered.contains("not allowed")
    }
}

extension UpstreamFailure {
    /// `401 {"message":"User not found"}`: the auth cookie without the rest of the set, or a gone user.
    var isUserNotFound: Bool {
        if case .rejected(401, _, let detail) = self { return detail.lowercased().contains("user not found") }
        return false
    }
}
