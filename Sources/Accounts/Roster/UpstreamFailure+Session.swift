import ArenaWire

extension UpstreamFailure {
    /// What the failure says about the session it happened on.
    package var sessionOutcome: SessionRoster.Outcome {
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
            case 401 where isLoginGate: return .notSessionFault
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
    /// a login gate (the session stays usable for other models), and a penalty (it rests).
    package var setsSessionAside: Bool {
        sessionOutcome != .notSessionFault || isLoginGate || isPenalty
    }
}
