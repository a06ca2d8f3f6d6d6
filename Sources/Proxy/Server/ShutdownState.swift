import ServiceLifecycle
import Synchronization

/// Whether the gateway is shutting down, and how many streams the end of `SHUTDOWN_GRACE` cut,
/// for the one log line that counts them.
public final class ShutdownState: Sendable {
    private let started = Mutex(false)
    private let cutCount = Mutex(0)

    /// A state for a gateway that is running.
    public init() {}

    /// Whether graceful shutdown has begun.
    public var isShuttingDown: Bool { started.withLock { $0 } }

    /// Marks the start of graceful shutdown.
    func begin() { started.withLock { $0 = true } }

    /// Counts one answer cut by the shutdown.
    func noteCut() { cutCount.withLock { $0 += 1 } }

    /// Answers cut so far.
    var cut: Int { cutCount.withLock { $0 } }

    /// A service that marks the start of graceful shutdown; it is given the signal first.
    struct Watcher: Service {
        let state: ShutdownState

        func run() async throws {
            try? await gracefulShutdown()
            state.begin()
        }
    }
}
