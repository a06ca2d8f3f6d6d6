import Logging
import Synchronization

/// The locked home of the ``PaceBoard``: a request waits here for an account's turn, and is told
/// which account serves it, or that the wait would be too long. One timer task wakes the board
/// when the next slot opens or a deadline passes; a turn that ends wakes it too.
package final class AccountDispatcher: Sendable {
    private struct State {
        var board: PaceBoard
        var waiting: [UInt64: CheckedContinuation<Int, any Error>] = [:]
        /// Ids handed out and not yet admitted.
        var pending: Set<UInt64> = []
        var nextID: UInt64 = 0
        var timer: (at: ContinuousClock.Instant, task: Task<Void, Never>)?
    }

    private let state: Mutex<State>
    /// The sessions whose health decides which accounts are candidates.
    let pool: SessionPool
    let logger: Logger
    /// The settings.
    package let rules: PaceRules

    /// A dispatcher over `pool`'s sessions.
    package init(rules: PaceRules, pool: SessionPool, logger: Logger) {
        self.rules = rules
        self.pool = pool
        self.logger = logger
        state = Mutex(State(board: PaceBoard(rules: rules)))
    }

    /// Waits for the turn of an account that may serve a request of `client`, and returns it.
    /// Throws ``PaceRefusal`` when the wait is, or turns out, longer than `QUEUE_TIMEOUT`, and
    /// `CancellationError` when the client leaves first (it then leaves the queue).
    package func turn(client: String, excluding: Set<Int> = [], signedIn: Bool = false, retry: Bool = false) async throws -> PaceTurn {
        let arrived = ContinuousClock.now
        let id = state.withLock { state in
            state.nextID += 1
            state.pending.insert(state.nextID)
            return state.nextID
        }
        let number = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
                state.withLock { state in
                    // Admitted and registered under one lock, so no dispatch can grant a turn nobody hears of.
                    guard state.pending.remove(id) != nil else { return continuation.resume(throwing: CancellationError()) }
                    let now = ContinuousClock.now
                    let candidates = pool.candidates(now: now)
                    let admission = state.board.admit(
                        id, client: client, excluding: excluding, signedIn: signedIn, retry: retry, candidates: candidates, now: now)
                    switch admission {
                    case .refused(let estimate):
                        continuation.resume(throwing: PaceRefusal(estimate: estimate, summary: summary(candidates, now: now)))
                    case .queued:
                        state.waiting[id] = continuation
                        settle(&state, now: now)
                    }
                }
            }
        } onCancel: {
            state.withLock { state in
                // Not admitted yet: the admission sees the id gone and gives up.
                if state.pending.remove(id) != nil { return }
                if state.board.withdraw(id) { state.waiting.removeValue(forKey: id)?.resume(throwing: CancellationError()) }
            }
        }
        return PaceTurn(number: number, waited: arrived.duration(to: .now), dispatcher: self)
    }

    /// Records how the turn on `number` ended, and gives the next turns.
    func finished(_ number: Int, _ outcome: PaceOutcome) {
        state.withLock { state in
            let now = ContinuousClock.now
            state.board.finished(number, outcome, now: now)
            if case .penalty(let rest, let reason) = outcome, let pace = state.board.paces[number] {
                let spacing = rules.paces ? ", and its requests start at least \(pace.interval) apart from now on" : ""
                logger.warning(
                    "session #\(number) was penalized by lmarena (\(reason)): it rests \(Int(rest.components.seconds)) s\(spacing); other accounts take its requests"
                )
            }
            settle(&state, now: now)
        }
    }

    /// Each account's pace, the requests waiting and the typical answer, for metrics and the admin view.
    package func snapshot() -> (paces: [Int: AccountPace], waiting: Int, byClient: [String: Int]) {
        state.withLock { ($0.board.paces, $0.board.waiting, $0.board.waitingByClient) }
    }

    /// Dispatches at `now`: resumes the waiters given a turn or out of time, logs rests that
    /// ended, and sets the timer for the next wake.
    private func settle(_ state: inout State, now: ContinuousClock.Instant) {
        let candidates = pool.candidates(now: now)
        let dispatch = state.board.dispatch(candidates: candidates, now: now)
        for number in dispatch.rested {
            logger.notice("session #\(number) has rested after its penalty and takes requests again")
        }
        for (id, number) in dispatch.granted {
            state.waiting.removeValue(forKey: id)?.resume(returning: number)
        }
        for (id, estimate) in dispatch.expired {
            state.waiting.removeValue(forKey: id)?.resume(throwing: PaceRefusal(estimate: estimate, summary: summary(candidates, now: now)))
        }
        guard let wake = state.board.nextWake(candidates: candidates, now: now) else {
            state.timer?.task.cancel()
            state.timer = nil
            return
        }
        if let timer = state.timer, timer.at <= wake, timer.at > now { return }
        state.timer?.task.cancel()
        let task = Task { [weak self] in
            try? await Task.sleep(until: wake, clock: .continuous)
            guard !Task.isCancelled, let self else { return }
            self.state.withLock { state in
                state.timer = nil
                self.settle(&state, now: .now)
            }
        }
        state.timer = (wake, task)
    }

    /// The accounts and the pace, for a refusal's message.
    private func summary(_ candidates: [PaceCandidate], now: ContinuousClock.Instant) -> String {
        var pace = "one request per account at least \(rules.minInterval) apart"
        if rules.concurrency > 0 { pace += ", \(rules.concurrency) at a time" }
        if let window = rules.window { pace += ", at most \(window.count) per \(window.span)" }
        if !rules.paces { pace = "no pacing" }
        return "\(candidates.count) account\(candidates.count == 1 ? "" : "s") usable; \(pace)"
    }
}

/// A request waited too long, or would: the estimated wait and what the accounts allow.
package struct PaceRefusal: Error, Sendable, Equatable {
    /// How long the request would still have waited.
    package let estimate: Duration
    /// The accounts usable and the pace, for the operator.
    package let summary: String
}
