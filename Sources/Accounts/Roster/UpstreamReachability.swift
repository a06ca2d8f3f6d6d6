/// Whether lmarena can be reached at all, as a state machine over attempt outcomes with the time
/// passed in: `/readyz` says not ready while every recent attempt failed to connect (refused,
/// connect timeout, outbound proxy), since no session can be served then.
struct UpstreamReachability: Sendable, Equatable {
    /// How long a failure to connect counts when nothing has worked since.
    static let memory: Duration = .seconds(60)

    /// The last failure to connect, with its detail, since the last answer.
    private(set) var lastFailure: (at: ContinuousClock.Instant, detail: String)?

    /// An attempt got an answer from lmarena (any status).
    mutating func reached() {
        lastFailure = nil
    }

    /// An attempt could not connect.
    mutating func unreachable(_ detail: String, at now: ContinuousClock.Instant) {
        lastFailure = (now, detail)
    }

    /// Why lmarena is unreachable at `now`, or `nil` when it is not known to be.
    func problem(at now: ContinuousClock.Instant) -> String? {
        guard let lastFailure, lastFailure.at.duration(to: now) < Self.memory else { return nil }
        return lastFailure.detail
    }

    static func == (lhs: UpstreamReachability, rhs: UpstreamReachability) -> Bool {
        lhs.lastFailure?.at == rhs.lastFailure?.at && lhs.lastFailure?.detail == rhs.lastFailure?.detail
    }
}
