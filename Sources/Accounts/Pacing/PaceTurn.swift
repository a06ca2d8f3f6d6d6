import Synchronization

/// One request's turn on an account: it holds the account's place in flight until it ends.
/// The gateway ends it with the outcome; a turn dropped without an ending (the client left)
/// ends as a failure, so no account is held forever.
package final class PaceTurn: Sendable {
    /// The session number of the account.
    package let number: Int
    /// How long the request waited for its turn.
    package let waited: Duration
    private let dispatcher: AccountDispatcher?
    private let started = ContinuousClock.now
    private let ended = Mutex(false)

    init(number: Int, waited: Duration, dispatcher: AccountDispatcher?) {
        self.number = number
        self.waited = waited
        self.dispatcher = dispatcher
    }

    /// A turn no dispatcher keeps (pacing is not in use).
    package static func unpaced(_ number: Int) -> PaceTurn {
        PaceTurn(number: number, waited: .zero, dispatcher: nil)
    }

    /// Ends the turn as a success: the answer is complete (or the client stopped reading it).
    package func succeeded() {
        end(.success(took: started.duration(to: .now)))
    }

    /// Ends the turn as a failure that says nothing about the account's pace.
    package func failed() {
        end(.failure)
    }

    /// Ends the turn with a penalty: the account rests `rest`.
    package func penalized(rest: Duration, reason: String) {
        end(.penalty(rest: rest, reason: reason))
    }

    private func end(_ outcome: PaceOutcome) {
        guard
            !ended.withLock({ ended in
                defer { ended = true }
                return ended
            })
        else { return }
        dispatcher?.finished(number, outcome)
    }

    deinit {
        failed()
    }
}
