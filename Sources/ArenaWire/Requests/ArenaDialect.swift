/// Which version of lmarena's web API the gateway speaks (docs/UPSTREAM.md, "Two dialects (`LMARENA_DIALECT`)").
public enum ArenaDialect: String, Sendable, CaseIterable, Codable {
    /// The current site (Dec 2025 onward): one user message per request, reCAPTCHA token, UUIDv7 ids.
    case v2
    /// The mid-2025 site the Go project spoke: the whole message tree is sent each time.
    case legacy

    /// The origin requests go to unless `LMARENA_BASE_URL` says otherwise.
    public var defaultBaseURL: String {
        switch self {
        case .v2: return "https://arena.ai"
        case .legacy: return "https://canary.lmarena.ai"
        }
    }

    /// Path of the endpoint that starts a new evaluation and streams its answer.
    public var createEvaluationPath: String {
        switch self {
        case .v2: return ArenaVocabulary.Path.v2CreateEvaluation
        case .legacy: return ArenaVocabulary.Path.legacyCreateEvaluation
        }
    }

    /// Path prefix of the follow-up endpoint (`v2` only); the evaluation id follows it.
    public var postToEvaluationPathPrefix: String? {
        switch self {
        case .v2: return ArenaVocabulary.Path.v2PostToEvaluation
        case .legacy: return nil
        }
    }
}
