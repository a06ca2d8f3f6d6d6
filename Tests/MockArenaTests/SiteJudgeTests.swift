import Foundation
import Testing

@testable import MockArena

/// MockArena's play of the site's judgement: penalties by account, and the clock check on ids.
struct SiteJudgeTests {
    static let t0 = ContinuousClock.now
    static func at(_ seconds: Double) -> ContinuousClock.Instant { t0 + .milliseconds(Int64(seconds * 1000)) }

    @Test func theRulesAreWrittenAsTheFlagTakesThem() throws {
        let pace = try #require(SiteJudge.Pace.parse("interval=0.5,window=4/10,rest=3"))
        #expect(pace.interval == .milliseconds(500))
        #expect(pace.window?.count == 4 && pace.window?.span == .seconds(10))
        #expect(pace.rest == .seconds(3))
        for bad in ["interval", "interval=-1", "window=4", "window=0/10", "speed=2", "rest=x"] {
            #expect(SiteJudge.Pace.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func anAccountTooQuickOrTwiceAtOnceIsPenalizedForItsRest() {
        var judge = SiteJudge(pace: SiteJudge.Pace.parse("interval=1,rest=5"), clockOffset: .zero)
        let wall = Date()
        #expect(judge.judge(account: "a", idTime: nil, now: Self.at(0), wallNow: wall) == .allowed)
        #expect(judge.judge(account: "b", idTime: nil, now: Self.at(0.1), wallNow: wall) == .allowed, "another account is judged apart")
        judge.ended(account: "a")
        #expect(judge.judge(account: "a", idTime: nil, now: Self.at(0.5), wallNow: wall) == .penalized)
        #expect(judge.judge(account: "a", idTime: nil, now: Self.at(5.4), wallNow: wall) == .penalized, "still resting")
        #expect(judge.judge(account: "a", idTime: nil, now: Self.at(5.6), wallNow: wall) == .allowed)
        #expect(judge.judge(account: "b", idTime: nil, now: Self.at(2), wallNow: wall) == .penalized, "b's first is still in flight")
        #expect(judge.penalties == 2)
    }

    @Test func theWindowCountsStartsInItsSpan() {
        var judge = SiteJudge(pace: SiteJudge.Pace.parse("window=2/10,rest=1"), clockOffset: .zero)
        let wall = Date()
        for second in [0.0, 1] {
            #expect(judge.judge(account: "a", idTime: nil, now: Self.at(second), wallNow: wall) == .allowed)
            judge.ended(account: "a")
        }
        #expect(judge.judge(account: "a", idTime: nil, now: Self.at(2), wallNow: wall) == .penalized)
    }

    @Test func idsFarFromTheSiteClockAreSpoofed() {
        var judge = SiteJudge(pace: nil, clockOffset: .seconds(7200))
        let wall = Date()
        #expect(judge.judge(account: "a", idTime: wall, now: Self.at(0), wallNow: wall) == .spoofedID)
        #expect(judge.judge(account: "a", idTime: wall.addingTimeInterval(7190), now: Self.at(0), wallNow: wall) == .allowed)
        #expect(SiteGate.idTime(#"{"userMessageId":"019ac000-0000-7000-8000-000000000002"}"#)?.timeIntervalSince1970 == 1_764_157_816.832)
    }
}
