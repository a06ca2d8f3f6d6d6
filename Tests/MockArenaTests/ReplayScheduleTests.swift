import Testing

@testable import MockArena

/// The schedule MockArena replays by: when each recorded chunk is due, from the offsets and the
/// speed alone, without a socket or a sleep.
struct ReplayScheduleTests {
    @Test func aChunkIsDueAtItsOffsetDividedByTheSpeed() {
        let clock = ReplayClock(speed: 1)
        #expect(clock.due(offsetMs: 150) == .milliseconds(150))
        #expect(ReplayClock(speed: 2).due(offsetMs: 150) == .microseconds(75_000))
        #expect(ReplayClock(speed: 0.5).due(offsetMs: 150) == .milliseconds(300))
    }

    @Test func withoutASpeedOrBeforeTheStartEverythingIsDueAtOnce() {
        #expect(ReplayClock(speed: nil).due(offsetMs: 500) == nil)
        #expect(ReplayClock(speed: 0).due(offsetMs: 500) == nil)
        #expect(ReplayClock(speed: 1).due(offsetMs: 0) == nil)
        #expect(ReplayClock(speed: 1).due(offsetMs: -20) == nil)
    }

    @Test func anAbsurdOffsetIsClampedToADayInsteadOfTrapping() {
        #expect(ReplayClock(speed: 1).due(offsetMs: 1e300) == .seconds(86_400))
        #expect(ReplayClock(speed: 1e-300).due(offsetMs: 10) == .seconds(86_400))
        #expect(ReplayClock(speed: 1).due(offsetMs: .infinity) == .seconds(86_400))
    }

    @Test func sleepingNeverEndsBeforeTheChunkIsDue() async throws {
        let clock = ReplayClock(speed: 4)
        try await clock.sleep(untilMs: 80)
        #expect(clock.start.duration(to: .now) >= .milliseconds(20))
    }
}
