import Synchronization

/// Holds the server-action ids for every request: ``ServerActionState`` under a lock, and the
/// one discovery in flight, which every caller that needs ids meanwhile awaits.
package final class ServerActionDirectory: Sendable {
    private struct Guarded {
        var state: ServerActionState
        var running: Task<Result<ServerActionIDs, UploadFailure>, Never>?
    }

    private let guarded: Mutex<Guarded>

    /// Creates a directory starting from `pinned` ids, or from none.
    package init(pinned: ServerActionIDs?) {
        guarded = Mutex(Guarded(state: ServerActionState(pinned: pinned)))
    }

    /// The ids in use (nil before the first discovery) and how many discoveries ran.
    package var snapshot: (ids: ServerActionIDs?, source: ServerActionState.Source?, discoveries: Int) {
        guarded.withLock { ($0.state.ids, $0.state.source, $0.state.discoveries) }
    }

    /// The ids to use, running `discover` when none are known.
    package func ids(discover: @escaping @Sendable () async -> Result<ServerActionIDs, UploadFailure>) async throws(UploadFailure) -> ServerActionIDs
    {
        try await follow(discover: discover) { state, now in state.need(now: now) }
    }

    /// The ids to use instead of `stale`, which the site no longer knows: a discovery, shared
    /// with every caller that found the same ids stale.
    package func replace(
        stale: ServerActionIDs, discover: @escaping @Sendable () async -> Result<ServerActionIDs, UploadFailure>
    ) async throws(UploadFailure) -> ServerActionIDs {
        try await follow(discover: discover) { state, now in state.stale(stale, now: now) }
    }

    private func follow(
        discover: @escaping @Sendable () async -> Result<ServerActionIDs, UploadFailure>,
        first: (inout ServerActionState, ContinuousClock.Instant) -> ServerActionState.Action
    ) async throws(UploadFailure) -> ServerActionIDs {
        let (action, task) = guarded.withLock { guarded -> (ServerActionState.Action, Task<Result<ServerActionIDs, UploadFailure>, Never>?) in
            let action = first(&guarded.state, .now)
            switch action {
            case .discover:
                let task = Task { [weak self] in
                    let result = await discover()
                    self?.guarded.withLock { guarded in
                        guarded.state.discovered(result, now: .now)
                        guarded.running = nil
                    }
                    return result
                }
                guarded.running = task
                return (action, task)
            case .wait:
                return (action, guarded.running)
            case .use, .fail:
                return (action, nil)
            }
        }
        switch action {
        case .use(let ids):
            return ids
        case .fail(let failure):
            throw failure
        case .discover, .wait:
            guard let task else { throw UploadFailure(step: .discoverActions, detail: "no discovery is running") }
            return try await task.value.get()
        }
    }
}
