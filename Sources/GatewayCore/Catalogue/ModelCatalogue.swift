import ArenaWire
import Foundation
import Settings
import Synchronization

/// The models the gateway serves right now: the bundled registry (or `MODELS_FILE`) until the
/// live catalogue has been read, then the last catalogue read well. Routes ask it per request.
public final class ModelCatalogue: Sendable {
    private struct State {
        var registry: ModelRegistry
        var fetchedAt: ContinuousClock.Instant?
        var attempted = false
    }

    private let state: Mutex<State>

    /// Serves `fallback` until a catalogue is read.
    package init(fallback: ModelRegistry) {
        state = Mutex(State(registry: fallback))
    }

    /// The registry in force.
    package var current: ModelRegistry {
        state.withLock { $0.registry }
    }

    /// Replaces the registry with one read from the live catalogue at `now`.
    package func replace(with registry: ModelRegistry, now: ContinuousClock.Instant = .now) {
        state.withLock {
            $0.registry = registry
            $0.fetchedAt = now
            $0.attempted = true
        }
    }

    /// Serves a catalogue stored by an earlier run, read `readAgo` seconds before `now`, until a
    /// live read replaces it. It does not count as a read of this run.
    package func restore(_ registry: ModelRegistry, readAgo: Double, now: ContinuousClock.Instant = .now) {
        state.withLock {
            $0.registry = registry
            $0.fetchedAt = now.advanced(by: .milliseconds(Int64(-readAgo * 1000)))
        }
    }

    /// Notes that a read was tried, whether or not it worked.
    func markAttempted() {
        state.withLock { $0.attempted = true }
    }

    /// Waits until the first read was tried, for at most `timeout` (the demo's banner waits so).
    package func waitForFirstRead(timeout: Duration) async {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while !state.withLock({ $0.attempted }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Seconds since the live catalogue was last read, `nil` before the first read.
    package func age(now: ContinuousClock.Instant = .now) -> Double? {
        state.withLock { state in
            state.fetchedAt.map { $0.duration(to: now) }.map(\.inSeconds)
        }
    }
}
