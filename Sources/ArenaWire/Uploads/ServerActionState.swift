/// What is known of the server-action ids, as a state machine: pinned or discovered ids, one
/// discovery at a time, a pause after a discovery that failed, and forgetting ids the site
/// called stale. It takes the time as a parameter and returns what to do.
package struct ServerActionState: Sendable {
    /// Where the ids in use came from.
    package enum Source: Sendable, Equatable {
        /// The settings (`ARENA_ACTION_GENERATE_UPLOAD_URL`, `ARENA_ACTION_GET_SIGNED_URL`).
        case pinned
        /// The site's scripts.
        case discovered
    }

    /// What the caller does next.
    enum Action: Sendable, Equatable {
        /// Use these ids.
        case use(ServerActionIDs)
        /// Run a discovery and report it with ``ServerActionState/discovered(_:now:)``.
        case discover
        /// A discovery is running: wait for it.
        case wait
        /// A discovery failed a moment ago: fail with its reason without trying again yet.
        case fail(UploadFailure)
    }

    /// How long a failed discovery is not repeated.
    static let failurePause: Duration = .seconds(30)

    private(set) var ids: ServerActionIDs?
    private(set) var source: Source?
    private(set) var discovering = false
    private(set) var discoveries = 0
    private var lastFailure: (failure: UploadFailure, at: ContinuousClock.Instant)?

    /// Starts with pinned ids, or with none.
    init(pinned: ServerActionIDs?) {
        ids = pinned
        source = pinned == nil ? nil : .pinned
    }

    /// The ids are needed now.
    mutating func need(now: ContinuousClock.Instant) -> Action {
        if let ids { return .use(ids) }
        if discovering { return .wait }
        if let lastFailure, now < lastFailure.at + Self.failurePause { return .fail(lastFailure.failure) }
        discovering = true
        return .discover
    }

    /// The site answered `Server action not found.` to `stale`: forget those ids (unless newer
    /// ones replaced them already) and say what to use instead. A pause after a failed discovery
    /// does not hold back this one: the ids in hand are known to be wrong.
    mutating func stale(_ stale: ServerActionIDs, now: ContinuousClock.Instant) -> Action {
        if ids == stale {
            ids = nil
            source = nil
            lastFailure = nil
        }
        return need(now: now)
    }

    /// A discovery ended.
    mutating func discovered(_ result: Result<ServerActionIDs, UploadFailure>, now: ContinuousClock.Instant) {
        discovering = false
        discoveries += 1
        switch result {
        case .success(let found):
            ids = found
            source = .discovered
            lastFailure = nil
        case .failure(let failure):
            lastFailure = (failure, now)
        }
    }
}
