import HeapModule

extension PaceBoard {
    /// The most starts an estimate looks ahead; beyond it the wait is extrapolated.
    static let estimateHorizon = 50_000

    /// How long a request like `waiter` would wait at `now` with `ahead` requests served before
    /// it: the time of the (`ahead`+1)-th start among the accounts that may serve it, each
    /// starting as its interval and window allow. An account with no room (concurrency) is
    /// expected to free up after the typical answer, and to serve one request per typical answer
    /// per unit of concurrency after that.
    func estimatedWait(for waiter: PaceWaiter, ahead: Int, candidates: [PaceCandidate], now: ContinuousClock.Instant) -> Duration {
        let usable = candidates.filter(waiter.accepts)
        guard !usable.isEmpty else { return rules.queueTimeout + .seconds(1) }
        guard rules.paces else {
            let soonest = usable.map { (paces[$0.number] ?? AccountPace(rules: rules)).nextSlot(rules, now: now) }.min()!
            return now.duration(to: soonest)
        }
        var upcoming = Heap<Upcoming>()
        for (index, candidate) in usable.enumerated() {
            var pace = paces[candidate.number] ?? AccountPace(rules: rules)
            var slot = pace.nextSlot(rules, now: now)
            if !pace.hasRoom(rules) { slot = max(slot, (pace.lastStart ?? now) + typicalAnswer) }
            pace.startForEstimate(rules)
            upcoming.insert(Upcoming(at: slot, account: index, pace: pace))
        }
        let spacing = rules.concurrency > 0 ? typicalAnswer / rules.concurrency : .zero
        for _ in 0..<min(ahead, Self.estimateHorizon) {
            var next = upcoming.removeMin()
            next.pace.record(start: next.at, rules)
            next.at = max(next.pace.nextSlot(rules, now: next.at), next.at + spacing)
            upcoming.insert(next)
        }
        let first = upcoming.min!.at
        guard ahead >= Self.estimateHorizon else { return now.duration(to: first) }
        // Past the horizon: the same rate on, one start per account per interval at least.
        let perStart = max(rules.minInterval, spacing, .milliseconds(1)) / usable.count
        return now.duration(to: first) + perStart * (ahead - Self.estimateHorizon)
    }

    /// One account's next start in an estimate.
    struct Upcoming: Comparable {
        var at: ContinuousClock.Instant
        let account: Int
        var pace: AccountPace

        static func < (lhs: Upcoming, rhs: Upcoming) -> Bool {
            lhs.at < rhs.at || (lhs.at == rhs.at && lhs.account < rhs.account)
        }

        static func == (lhs: Upcoming, rhs: Upcoming) -> Bool {
            lhs.at == rhs.at && lhs.account == rhs.account
        }
    }
}

extension AccountPace {
    /// Forgets what is in flight, for an estimate that counts starts only.
    mutating func startForEstimate(_ rules: PaceRules) {
        while inFlight > 0 { finish(rules, success: false) }
    }

    /// Records a start in an estimate (in flight is not counted there).
    mutating func record(start: ContinuousClock.Instant, _ rules: PaceRules) {
        self.start(rules, now: start)
        finish(rules, success: false)
    }
}
