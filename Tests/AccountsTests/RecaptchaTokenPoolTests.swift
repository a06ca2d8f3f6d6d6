import Testing

@testable import Accounts

struct RecaptchaTokenPoolTests {
    static let t0 = ContinuousClock.now
    static func at(_ seconds: Int) -> ContinuousClock.Instant { t0.advanced(by: .seconds(seconds)) }

    @Test func tokensAreUsedOnceOldestFirst() {
        var pool = RecaptchaTokenPool()
        let added = [pool.add("a", now: Self.at(0)), pool.add("b", now: Self.at(1)), pool.add("a", now: Self.at(2)), pool.add("", now: Self.at(2))]
        #expect(added == [true, true, false, false], "a token already pooled, or an empty one, is not added")
        #expect(pool.count(now: Self.at(2)) == 2)
        let first = pool.take(now: Self.at(3))
        let second = pool.take(now: Self.at(3))
        let third = pool.take(now: Self.at(3))
        #expect(first == "a" && second == "b" && third == nil)
    }

    @Test func tokensExpireAfter110Seconds() {
        var pool = RecaptchaTokenPool()
        pool.add("old", now: Self.at(0))
        pool.add("new", now: Self.at(50))
        #expect(pool.count(now: Self.at(109)) == 2)
        #expect(pool.count(now: Self.at(110)) == 1)
        let taken = pool.take(now: Self.at(110))
        #expect(taken == "new", "the expired token was dropped, not handed out")
        let none = pool.take(now: Self.at(200))
        #expect(none == nil)
    }

    @Test func theOldestGoBeyondCapacity() {
        var pool = RecaptchaTokenPool()
        for index in 0..<(RecaptchaTokenPool.capacity + 5) { pool.add("t\(index)", now: Self.at(0)) }
        #expect(pool.count(now: Self.at(1)) == RecaptchaTokenPool.capacity)
        let taken = pool.take(now: Self.at(1))
        #expect(taken == "t5")
    }
}
