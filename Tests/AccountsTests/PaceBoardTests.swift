import Testing

@testable import Accounts

/// The queue of requests waiting for accounts' turns: fairness across clients, the estimate and
/// the refusal, deadlines, withdrawal, and which account serves.
struct PaceBoardTests {
    static let t0 = ContinuousClock.now
    static func at(_ seconds: Double) -> ContinuousClock.Instant { t0 + .milliseconds(Int64(seconds * 1000)) }
    static let one = [PaceCandidate(number: 1, anonymous: false)]

    static func rules(interval: Double, timeout: Double = 1000, concurrency: Int = 1) -> PaceRules {
        PaceRules(
            concurrency: concurrency, minInterval: .milliseconds(Int64(interval * 1000)), maxInterval: .seconds(100), window: nil,
            penaltyRest: .seconds(30), queueTimeout: .milliseconds(Int64(timeout * 1000)))
    }

    /// Admits and expects it queued; returns the waiter's id.
    @discardableResult
    static func queue(_ board: inout PaceBoard, _ id: UInt64, _ client: String, at second: Double, candidates: [PaceCandidate] = one) -> UInt64 {
        let admission = board.admit(id, client: client, candidates: candidates, now: at(second))
        guard case .queued(let waiter, _) = admission else {
            Issue.record("request \(id) was refused: \(admission)")
            return id
        }
        return waiter.id
    }

    @Test func aSingleRequestOfOneClientIsServedBeforeTheRestOfAnotherClientsBurst() {
        var board = PaceBoard(rules: Self.rules(interval: 1))
        for id in 1...10 { Self.queue(&board, UInt64(id), "A", at: 0) }
        Self.queue(&board, 11, "B", at: 0.01)
        var order: [UInt64] = []
        for second in 0..<5 {
            let dispatch = board.dispatch(candidates: Self.one, now: Self.at(Double(second)))
            for grant in dispatch.granted {
                order.append(grant.id)
                board.finished(grant.number, .success(took: .milliseconds(500)), now: Self.at(Double(second) + 0.5))
            }
        }
        #expect(order == [1, 11, 2, 3, 4])
        #expect(board.waiting == 6)
    }

    @Test func clientsTakeTurnsRoundRobin() {
        var board = PaceBoard(rules: Self.rules(interval: 0, concurrency: 1))
        for (id, client) in zip(1...6, ["A", "A", "A", "B", "B", "C"]) { Self.queue(&board, UInt64(id), client, at: 0) }
        var order: [UInt64] = []
        for step in 0..<6 {
            for grant in board.dispatch(candidates: Self.one, now: Self.at(Double(step))).granted {
                order.append(grant.id)
                board.finished(grant.number, .success(took: .seconds(1)), now: Self.at(Double(step)))
            }
        }
        #expect(order == [1, 4, 6, 2, 5, 3])
    }

    @Test func aWaitLongerThanTheQueueTimeoutIsRefusedAtOnceWithTheEstimate() {
        var board = PaceBoard(rules: Self.rules(interval: 10, timeout: 25))
        var estimates: [Duration] = []
        for id in 1...3 {
            guard case .queued(_, let estimate) = board.admit(UInt64(id), client: "A", candidates: Self.one, now: Self.at(0)) else {
                Issue.record("request \(id) was refused")
                return
            }
            estimates.append(estimate)
        }
        #expect(estimates == [.zero, .seconds(10), .seconds(20)])
        #expect(board.admit(4, client: "A", candidates: Self.one, now: Self.at(0)) == .refused(estimate: .seconds(30)))
        // Another client's first request goes in the next round: one request ahead of it.
        guard case .queued(_, let estimate) = board.admit(5, client: "B", candidates: Self.one, now: Self.at(0)) else {
            Issue.record("B's request was refused")
            return
        }
        #expect(estimate == .seconds(10))
    }

    @Test func theEstimateSpreadsOverAccountsAndCountsTheirSchedules() {
        var board = PaceBoard(rules: Self.rules(interval: 10, timeout: 1000))
        let two = [PaceCandidate(number: 1, anonymous: false), PaceCandidate(number: 2, anonymous: false)]
        var estimates: [Duration] = []
        for id in 1...5 {
            if case .queued(_, let estimate) = board.admit(UInt64(id), client: "A", candidates: two, now: Self.at(0)) { estimates.append(estimate) }
        }
        #expect(estimates == [.zero, .zero, .seconds(10), .seconds(10), .seconds(20)])
        // A resting account counts from the end of its rest.
        var rested = PaceBoard(rules: Self.rules(interval: 10, timeout: 1000))
        rested.finished(1, .penalty(rest: .seconds(500), reason: "test"), now: Self.at(0))
        if case .queued(_, let estimate) = rested.admit(9, client: "B", candidates: [two[0]], now: Self.at(0)) {
            #expect(estimate == .seconds(500))
        } else {
            Issue.record("refused")
        }
    }

    @Test func aRequestPastItsDeadlineIsDroppedWithTheWaitItWouldStillHave() {
        var board = PaceBoard(rules: Self.rules(interval: 30, timeout: 40))
        Self.queue(&board, 1, "A", at: 0)
        Self.queue(&board, 2, "A", at: 0)
        let first = board.dispatch(candidates: Self.one, now: Self.at(0))
        #expect(first.granted.map(\.id) == [1])
        // The account is held (its request never finishes): the second request's deadline passes.
        let later = board.dispatch(candidates: Self.one, now: Self.at(40))
        #expect(later.granted.isEmpty)
        #expect(later.expired.map(\.id) == [2])
        #expect(board.waiting == 0)
    }

    @Test func aWithdrawnRequestLeavesTheQueue() {
        var board = PaceBoard(rules: Self.rules(interval: 10))
        Self.queue(&board, 1, "A", at: 0)
        Self.queue(&board, 2, "B", at: 0)
        let first = board.withdraw(1)
        let again = board.withdraw(1)
        #expect(first)
        #expect(!again)
        #expect(board.dispatch(candidates: Self.one, now: Self.at(0)).granted.map(\.id) == [2])
        #expect(board.waitingByClient.isEmpty)
    }

    @Test func theAccountIdleLongestServesAndASignedInRequestSkipsGuests() {
        var board = PaceBoard(rules: Self.rules(interval: 0, concurrency: 0))
        let accounts = [PaceCandidate(number: 1, anonymous: true), PaceCandidate(number: 2, anonymous: false)]
        Self.queue(&board, 1, "A", at: 0, candidates: accounts)
        #expect(board.dispatch(candidates: accounts, now: Self.at(0)).granted.map(\.number) == [1])
        Self.queue(&board, 2, "A", at: 1, candidates: accounts)
        #expect(board.dispatch(candidates: accounts, now: Self.at(1)).granted.map(\.number) == [2])
        guard case .queued = board.admit(3, client: "A", signedIn: true, candidates: accounts, now: Self.at(2)) else {
            Issue.record("refused")
            return
        }
        #expect(board.dispatch(candidates: accounts, now: Self.at(2)).granted.map(\.number) == [2])
    }

    @Test func theNextWakeIsTheEarliestSlotOrDeadline() {
        var board = PaceBoard(rules: Self.rules(interval: 10, timeout: 100))
        #expect(board.nextWake(candidates: Self.one, now: Self.at(0)) == nil)
        Self.queue(&board, 1, "A", at: 0)
        Self.queue(&board, 2, "A", at: 0)
        let granted = board.dispatch(candidates: Self.one, now: Self.at(0)).granted
        board.finished(granted[0].number, .success(took: .seconds(1)), now: Self.at(1))
        #expect(board.nextWake(candidates: Self.one, now: Self.at(1)) == Self.at(10))
    }

    @Test func aRestThatEndsIsReported() {
        var board = PaceBoard(rules: Self.rules(interval: 0))
        board.finished(1, .penalty(rest: .seconds(5), reason: "403"), now: Self.at(0))
        #expect(board.dispatch(candidates: Self.one, now: Self.at(4)).rested.isEmpty)
        #expect(board.dispatch(candidates: Self.one, now: Self.at(5)).rested == [1])
        #expect(board.paces[1]?.penalties == 1)
    }
}
