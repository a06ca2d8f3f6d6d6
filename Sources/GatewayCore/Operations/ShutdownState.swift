import ServiceLifecycle
import Synchronization

/// Whether the gateway is shutting down; the moment, shortly before `SHUTDOWN_GRACE` ends, when
/// the streams still open are cut (each ends with a `server_shutting_down` error frame, written
/// while the connection still works); and how many were cut, for the one log line that counts them.
public final class ShutdownState: Sendable {
    private struct Waiters {
        var cut = false
        var nextID = 0
        var waiting: [Int: CheckedContinuation<Void, Never>] = [:]
        var cancelled: Set<Int> = []
    }

    private let started = Mutex(false)
    private let cutCount = Mutex(0)
    private let waiters = Mutex(Waiters())

    /// A state for a gateway that is running.
    public init() {}

    /// Whether graceful shutdown has begun.
    public var isShuttingDown: Bool { started.withLock { $0 } }

    /// Whether the streams still open are being cut.
    var isCutting: Bool { waiters.withLock { $0.cut } }

    /// Marks the start of graceful shutdown; streams still open are cut `cutAfter` later.
    func begin(cutAfter: Duration) {
        started.withLock { $0 = true }
        Task {
            try? await Task.sleep(for: cutAfter)
            cutStreams()
        }
    }

    /// When streams are cut for a grace of `grace`: a second before its end (a fifth of
    /// it when it is shorter than five seconds), so that their last frame still goes out.
    static func cutDelay(grace: Duration) -> Duration {
        let margin = min(.seconds(1), grace / 5)
        return max(.zero, grace - margin)
    }

    /// Cuts every stream still open, and every one that starts from now on.
    func cutStreams() {
        let resumed = waiters.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.cut = true
            defer { state.waiting.removeAll() }
            return Array(state.waiting.values)
        }
        for continuation in resumed { continuation.resume() }
    }

    /// Returns when streams are cut, or when the task is cancelled.
    func waitForCut() async {
        let id = waiters.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = waiters.withLock { state -> Bool in
                    if state.cut || state.cancelled.remove(id) != nil { return true }
                    state.waiting[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let continuation = waiters.withLock { state -> CheckedContinuation<Void, Never>? in
                if let waiting = state.waiting.removeValue(forKey: id) { return waiting }
                state.cancelled.insert(id)
                return nil
            }
            continuation?.resume()
        }
        waiters.withLock { _ = $0.cancelled.remove(id) }
    }

    /// Counts one answer cut by the shutdown.
    func noteCut() { cutCount.withLock { $0 += 1 } }

    /// Answers cut so far.
    public var cut: Int { cutCount.withLock { $0 } }

    /// A service that marks the start of graceful shutdown; it is given the signal first.
    public struct Watcher: Service {
        let state: ShutdownState
        /// `SHUTDOWN_GRACE`.
        let grace: Duration

        /// A watcher that tells `state` when shutdown begins.
        public init(state: ShutdownState, grace: Duration) {
            self.state = state
            self.grace = grace
        }

        public func run() async throws {
            try? await gracefulShutdown()
            state.begin(cutAfter: ShutdownState.cutDelay(grace: grace))
        }
    }
}
