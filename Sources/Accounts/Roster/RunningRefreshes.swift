import ArenaWire
import Synchronization

/// The refresh running for each session, shared by every ``SessionRefresher`` of a gateway (the
/// background service and the gateway's 401 handler): a session is refreshed once at a time,
/// and whoever asks while it runs waits for the same outcome.
package final class RunningRefreshes: Sendable {
    private let running = Mutex<[Int: Task<SessionRefresher.Outcome, Never>]>([:])

    /// No refresh running.
    package init() {}

    /// The refresh of session `number` already running, or the one `start` begins.
    func join(_ number: Int, start: () -> Task<SessionRefresher.Outcome, Never>) -> Task<SessionRefresher.Outcome, Never> {
        running.withLock { running in
            if let task = running[number] { return task }
            let task = start()
            running[number] = task
            return task
        }
    }

    /// Forgets `task`, the refresh of session `number`, once it ended.
    func finish(_ number: Int, task: Task<SessionRefresher.Outcome, Never>) {
        running.withLock { running in
            if running[number] == task { running[number] = nil }
        }
    }
}
