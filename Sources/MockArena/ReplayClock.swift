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

    /// Sleeps until `offsetMs / speed` after the start; returns at once without a speed.
    func sleep(untilMs offsetMs: Double) async throws {
        guard let speed, speed > 0, offsetMs > 0 else {
            try Task.checkCancellation()
            return
        }
        // Loaded fixtures hold offsets of at most a day; clamp anyway, so no value can trap.
        let micros = min(offsetMs * 1000 / speed, 86_400_000_000)
        let deadline = start.advanced(by: .microseconds(Int64(micros.isFinite ? micros : 0)))
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
