/// Turns recorded offsets into sleeps, relative to when a replay started, scaled by a speed.
struct ReplayClock: Sendable {
    /// When the replay started.
    let start: ContinuousClock.Instant
    /// Offsets are divided by this; `nil` or 0 means no waiting.
    let speed: Double?

    init(speed: Double?, start: ContinuousClock.Instant = .now) {
        self.speed = speed
        self.start = start
    }

    /// How long after the start a chunk recorded at `offsetMs` is due: `offsetMs / speed`, at
    /// most a day; `nil` without a speed, or for an offset at or before the start (sent at once).
    func due(offsetMs: Double) -> Duration? {
        guard let speed, speed > 0, offsetMs > 0 else { return nil }
        // Loaded fixtures hold offsets of at most a day; clamp anyway, so no value can trap.
        let micros = min(offsetMs * 1000 / speed, 86_400_000_000)
        return .microseconds(Int64(micros.isFinite ? micros : 0))
    }

    /// Sleeps until the chunk recorded at `offsetMs` is due (``due(offsetMs:)``); never returns
    /// before it, and at once without a speed.
    func sleep(untilMs offsetMs: Double) async throws {
        guard let due = due(offsetMs: offsetMs) else {
            try Task.checkCancellation()
            return
        }
        let deadline = start.advanced(by: due)
        if deadline > .now {
            try await Task.sleep(until: deadline, clock: .continuous)
        }
    }

    /// Waits until the task is cancelled, then throws `CancellationError`.
    static func sleepUntilCancelled() async throws -> Never {
        while true {
            try await Task.sleep(for: .seconds(3600))
        }
    }
}
