import Testing

@testable import Accounts

/// One account's pace: concurrency, the interval, the window, a penalty, and how the interval
/// grows after a penalty and returns toward the minimum after successes.
struct AccountPaceTests {
    static let t0 = ContinuousClock.now
    static func at(_ seconds: Double) -> ContinuousClock.Instant { t0 + .milliseconds(Int64(seconds * 1000)) }

    static let rules = PaceRules(
        concurrency: 1, minInterval: .seconds(45), maxInterval: .seconds(900), window: PaceWindow(count: 6, span: .seconds(900)),
        penaltyRest: .seconds(1200), queueTimeout: .seconds(120))

    @Test func aFreshAccountMayStartAtOnce() {
        let pace = AccountPace(rules: Self.rules)
        #expect(pace.mayStart(Self.rules, now: Self.at(0)))
        #expect(pace.nextSlot(Self.rules, now: Self.at(0)) == Self.at(0))
    }

    @Test func concurrencyHoldsTheNextStartUntilTheFirstEnds() {
        let rules = PaceRules(
            concurrency: 1, minInterval: .zero, maxInterval: .zero, window: nil, penaltyRest: .seconds(10), queueTimeout: .seconds(5))
        var pace = AccountPace(rules: rules)
        pace.start(rules, now: Self.at(0))
        #expect(!pace.mayStart(rules, now: Self.at(100)))
        pace.finish(rules, success: true)
        #expect(pace.mayStart(rules, now: Self.at(100)))
        let unlimited = PaceRules.unpaced()
        var free = AccountPace(rules: unlimited)
        for second in 0..<5 { free.start(unlimited, now: Self.at(Double(second))) }
        #expect(free.mayStart(unlimited, now: Self.at(5)))
        #expect(free.inFlight == 5)
    }

    @Test func twoStartsAreAtLeastTheIntervalApart() {
        var pace = AccountPace(rules: Self.rules)
        pace.start(Self.rules, now: Self.at(0))
        pace.finish(Self.rules, success: true)
        #expect(!pace.mayStart(Self.rules, now: Self.at(44.9)))
        #expect(pace.nextSlot(Self.rules, now: Self.at(10)) == Self.at(45))
        #expect(pace.mayStart(Self.rules, now: Self.at(45)))
    }

    @Test func theWindowCapsStartsInAnySpan() {
        let rules = PaceRules(
            concurrency: 0, minInterval: .seconds(1), maxInterval: .seconds(8), window: PaceWindow(count: 3, span: .seconds(60)),
            penaltyRest: .seconds(10), queueTimeout: .seconds(5))
        var pace = AccountPace(rules: rules)
        for second in [0.0, 1, 2] { pace.start(rules, now: Self.at(second)) }
        // The fourth waits until the first leaves the window.
        #expect(pace.nextSlot(rules, now: Self.at(3)) == Self.at(60))
        pace.start(rules, now: Self.at(60))
        #expect(pace.nextSlot(rules, now: Self.at(61)) == Self.at(61))
        #expect(pace.recentStarts.count == 3)
    }

    @Test func aPenaltyRestsTheAccountAndDoublesTheInterval() {
        var pace = AccountPace(rules: Self.rules)
        pace.start(Self.rules, now: Self.at(0))
        pace.penalize(Self.rules, rest: .seconds(1200), reason: "recaptcha_rejected", now: Self.at(2))
        #expect(pace.inFlight == 0)
        #expect(pace.penalties == 1)
        #expect(pace.interval == .seconds(90))
        #expect(pace.isResting(now: Self.at(1201)))
        #expect(pace.nextSlot(Self.rules, now: Self.at(3)) == Self.at(1202))
        let early = pace.wake(now: Self.at(1201))
        #expect(!early)
        let due = pace.wake(now: Self.at(1202))
        #expect(due)
        #expect(pace.restReason == nil)
        #expect(pace.mayStart(Self.rules, now: Self.at(1202)))
    }

    @Test func theIntervalGrowsToItsMaximumAndEasesBackAfterSuccesses() {
        var pace = AccountPace(rules: Self.rules)
        var intervals: [Duration] = []
        for penalty in 0..<6 {
            pace.start(Self.rules, now: Self.at(Double(penalty)))
            pace.penalize(Self.rules, rest: .seconds(1), reason: "test", now: Self.at(Double(penalty)))
            intervals.append(pace.interval)
        }
        #expect(intervals == [.seconds(90), .seconds(180), .seconds(360), .seconds(720), .seconds(900), .seconds(900)])
        // Each success takes a quarter of the way back: 900 -> 45 + 855 * 3/4 = 686.25 s.
        pace.start(Self.rules, now: Self.at(10))
        pace.finish(Self.rules, success: true)
        #expect(pace.interval == .milliseconds(686_250))
        for _ in 0..<40 {
            pace.start(Self.rules, now: Self.at(10))
            pace.finish(Self.rules, success: true)
        }
        #expect(pace.interval == .seconds(45))
        // A failure that is not a penalty leaves the interval alone.
        pace.start(Self.rules, now: Self.at(20))
        pace.penalize(Self.rules, rest: .zero, reason: "x", now: Self.at(20))
        pace.start(Self.rules, now: Self.at(21))
        pace.finish(Self.rules, success: false)
        #expect(pace.interval == .seconds(90))
    }

    @Test func aLongerRestIsNotShortenedByALaterShortOne() {
        var pace = AccountPace(rules: Self.rules)
        pace.penalize(Self.rules, rest: .seconds(1200), reason: "a", now: Self.at(0))
        pace.penalize(Self.rules, rest: .seconds(10), reason: "b", now: Self.at(5))
        #expect(pace.restingUntil == Self.at(1200))
    }

    @Test(arguments: [("6/900", 6, 900_000), ("2/0.5", 2, 500), (" 10 / 60 ", 10, 60_000)])
    func windowsAreWrittenNOverS(text: String, count: Int, milliseconds: Int64) throws {
        let parsed = try #require(PaceWindow.parse(text))
        #expect(parsed == PaceWindow(count: count, span: .milliseconds(milliseconds)))
    }

    @Test func aWindowOfZeroIsOffAndNonsenseIsRefused() {
        #expect(PaceWindow.parse("0") == .some(nil))
        for bad in ["6", "6/", "/900", "0/900", "6/0", "-1/5", "six/900", "6/900/1"] {
            #expect(PaceWindow.parse(bad) == nil, "\(bad)")
        }
        #expect(PaceWindow(count: 6, span: .seconds(900)).description == "6/900")
    }
}
