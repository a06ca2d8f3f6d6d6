/// The pace of one lmarena account, as a state machine: when it may start its next request,
/// what it has in flight, and its rest after a penalty. Methods take the time; nothing sleeps.
///
/// The interval between two starts is `minInterval` at first; a penalty doubles it (at most
/// `maxInterval`) and rests the account; each success takes it a quarter of the way back to
/// `minInterval` (``PaceRules/eased(_:)``).
package struct AccountPace: Sendable, Equatable {
    /// Requests of this account started and not yet finished.
    package private(set) var inFlight = 0
    /// When its last request started.
    package private(set) var lastStart: ContinuousClock.Instant?
    /// The interval now, between `minInterval` and `maxInterval`.
    package private(set) var interval: Duration
    /// Starts inside the window (oldest first); empty when there is no window.
    package private(set) var recentStarts: [ContinuousClock.Instant] = []
    /// The end of its rest after a penalty.
    package private(set) var restingUntil: ContinuousClock.Instant?
    /// Why it rests, for the operator.
    package private(set) var restReason: String?
    /// Penalties so far.
    package private(set) var penalties = 0

    /// A fresh account under `rules`.
    package init(rules: PaceRules) {
        interval = rules.minInterval
    }

    /// The earliest instant at or after `now` when the account may start, as far as its
    /// interval, window and rest go (how many are in flight is ``hasRoom(_:)``'s).
    package func nextSlot(_ rules: PaceRules, now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        var slot = now
        if let restingUntil { slot = max(slot, restingUntil) }
        if let lastStart, interval > .zero { slot = max(slot, lastStart + interval) }
        if let window = rules.window, recentStarts.count >= window.count {
            slot = max(slot, recentStarts[recentStarts.count - window.count] + window.span)
        }
        return slot
    }

    /// Whether fewer than `concurrency` requests are in flight.
    package func hasRoom(_ rules: PaceRules) -> Bool {
        rules.concurrency == 0 || inFlight < rules.concurrency
    }

    /// Whether a request may start at `now`.
    package func mayStart(_ rules: PaceRules, now: ContinuousClock.Instant) -> Bool {
        hasRoom(rules) && nextSlot(rules, now: now) <= now
    }

    /// Whether the account is resting at `now`.
    package func isResting(now: ContinuousClock.Instant) -> Bool {
        restingUntil.map { $0 > now } ?? false
    }

    /// Records a request starting at `now`.
    package mutating func start(_ rules: PaceRules, now: ContinuousClock.Instant) {
        inFlight += 1
        lastStart = now
        guard let window = rules.window else { return }
        recentStarts.append(now)
        recentStarts.removeAll { $0 + window.span <= now }
    }

    /// Records a request ending at `now`; a success eases the interval.
    package mutating func finish(_ rules: PaceRules, success: Bool) {
        inFlight = max(0, inFlight - 1)
        if success { interval = rules.eased(interval) }
    }

    /// Records a penalty at `now` for a request that has ended: the account rests `rest`, or
    /// until the end of a rest it already has if that is later, and its interval grows.
    package mutating func penalize(_ rules: PaceRules, rest: Duration, reason: String, now: ContinuousClock.Instant) {
        inFlight = max(0, inFlight - 1)
        penalties += 1
        interval = rules.grown(interval)
        restingUntil = max(restingUntil ?? now, now + rest)
        restReason = reason
    }

    /// Ends a rest that is over at `now`; returns whether one ended.
    package mutating func wake(now: ContinuousClock.Instant) -> Bool {
        guard let until = restingUntil, until <= now else { return false }
        restingUntil = nil
        restReason = nil
        return true
    }
}
