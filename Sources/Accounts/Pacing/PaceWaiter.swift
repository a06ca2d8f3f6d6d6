/// A request waiting for an account's turn.
package struct PaceWaiter: Sendable, Equatable {
    /// Its number on the board.
    package let id: UInt64
    /// Who sent it: the API key's fingerprint when keys are set, else the client's address.
    package let client: String
    /// Accounts this request will not use (tried already).
    package let excluding: Set<Int>
    /// Whether only signed-in accounts may serve it (a model behind the login gate).
    package let signedIn: Bool
    /// When it joined the queue.
    package let arrived: ContinuousClock.Instant
    /// When it stops waiting (`QUEUE_TIMEOUT` after it arrived).
    package let deadline: ContinuousClock.Instant

    /// Whether `candidate` may serve it.
    func accepts(_ candidate: PaceCandidate) -> Bool {
        !excluding.contains(candidate.number) && (!signedIn || !candidate.anonymous)
    }
}

/// An account that could serve a request now, as far as its session's health goes.
package struct PaceCandidate: Sendable, Equatable {
    /// The session's number.
    package let number: Int
    /// Whether the session is anonymous (no login).
    package let anonymous: Bool

    /// A candidate.
    package init(number: Int, anonymous: Bool) {
        self.number = number
        self.anonymous = anonymous
    }
}

/// How a paced request ended, as far as its account's pace goes.
package enum PaceOutcome: Sendable, Equatable {
    /// The answer came (and ended); `took` is from the start to its end.
    case success(took: Duration)
    /// It failed without a penalty, or never reached lmarena.
    case failure
    /// lmarena penalized the account: it rests `rest`, for `reason`.
    case penalty(rest: Duration, reason: String)
}

/// What the board did at one dispatch.
package struct PaceDispatch: Sendable, Equatable {
    /// Waiters given an account: (waiter, session number).
    package var granted: [(id: UInt64, number: Int)] = []
    /// Waiters whose deadline passed, with the wait they would still have had.
    package var expired: [(id: UInt64, estimate: Duration)] = []
    /// Accounts whose rest ended.
    package var rested: [Int] = []

    /// Whether two dispatches did the same.
    package static func == (lhs: PaceDispatch, rhs: PaceDispatch) -> Bool {
        lhs.granted.elementsEqual(rhs.granted) { $0 == $1 } && lhs.expired.elementsEqual(rhs.expired) { $0 == $1 } && lhs.rested == rhs.rested
    }
}
