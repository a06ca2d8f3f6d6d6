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
            case 429: return .rateLimited(retryAfter: retryAfter.map { .seconds($0) })
            case 401: return .invalid(reason: detail.isEmpty ? "401" : "401: \(detail)")
            case 500...: return .failure
            case 403 where !Self.isRequestProblem(detail): return .failure
            default: return .notSessionFault
            }
        case .html(let status, _): return status >= 500 ? .failure : .notSessionFault
        case .cloudflare, .cancelled: return .notSessionFault
        case .arenaError, .empty, .malformed: return .failure
        }
    }

    /// Whether another session should try: everything but failures of the request itself, of
    /// the outbound proxy, and Cloudflare's (a stale clearance fails on every session alike).
    var isRetryable: Bool {
        switch self {
        case .transport(let error): return error.kind != .proxy
        case .rejected(let status, _, let detail):
            switch status {
            case 401, 429, 500...: return true
            case 403: return !Self.isRequestProblem(detail)
            default: return false
            }
        case .html(let status, _): return status >= 500
        case .cloudflare, .cancelled: return false
        case .arenaError, .empty, .malformed: return true
        }
    }

    /// Whether lmarena rejected the request's reCAPTCHA token.
    var isRecaptchaRejection: Bool {
        if case .rejected(403, _, let detail) = self { return detail.lowercased().contains("recaptcha") }
        return false
    }

    /// 403 answers that are about the request, not the session.
    private static func isRequestProblem(_ detail: String) -> Bool {
        let lowered = detail.lowercased()
        return lowered.contains("recaptcha") || lowered.contains("route not allowed")
    }
}
