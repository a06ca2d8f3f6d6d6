import DequeModule

/// Every account's pace and the requests waiting for a turn, as one state machine: requests are
/// admitted (or refused at once when their estimated wait is over `QUEUE_TIMEOUT`), served
/// round-robin across clients by the first account whose turn comes, and withdrawn when their
/// client leaves or their deadline passes. Methods take the time and return what happened;
/// ``AccountDispatcher`` is its locked home and wakes the waiting tasks.
///
/// Fairness: each client has a line; a dispatch offers the head of each line in turn, and a
/// client that was served goes to the back of the rotation. One client's burst of twenty waits
/// behind another client's single request, never in front of it. An account that is free goes
/// to the request whose turn it is; of several free accounts the one idle longest serves.
package struct PaceBoard: Sendable {
    /// The settings.
    package let rules: PaceRules
    /// Each account's pace, by session number.
    package private(set) var paces: [Int: AccountPace] = [:]
    /// Each client's waiting requests, oldest first.
    private var lines: [String: Deque<PaceWaiter>] = [:]
    /// Clients with waiting requests, the next to be offered a turn first.
    private var rotation: Deque<String> = []
    /// Requests waiting.
    package private(set) var waiting = 0
    /// How long an answer typically runs, for estimates when concurrency is what binds (zero
    /// until an answer has ended: an estimate is never longer than the pace says).
    package private(set) var typicalAnswer: Duration = .zero
    private var answersSeen = 0

    /// An empty board.
    package init(rules: PaceRules) {
        self.rules = rules
    }

    /// The answer to a request asking to wait.
    package enum Admission: Sendable, Equatable {
        /// It waits as this waiter; its turn is expected after `estimate`.
        case queued(PaceWaiter, estimate: Duration)
        /// Its turn would come only after `estimate`, past `QUEUE_TIMEOUT`: answer at once.
        case refused(estimate: Duration)
    }

    /// Admits request `id` of `client` at `now`, unless its estimated wait is longer than the queue
    /// timeout. A retry (`retry`) waits at the front of its client's line: it was admitted once,
    /// and other clients still take their turns before it.
    package mutating func admit(
        _ id: UInt64, client: String, excluding: Set<Int> = [], signedIn: Bool = false, retry: Bool = false, candidates: [PaceCandidate],
        now: ContinuousClock.Instant
    ) -> Admission {
        let probe = PaceWaiter(id: 0, client: client, excluding: excluding, signedIn: signedIn, arrived: now, deadline: now)
        let estimate = estimatedWait(for: probe, ahead: retry ? 0 : position(of: client), candidates: candidates, now: now)
        if estimate > rules.queueTimeout { return .refused(estimate: estimate) }
        let waiter = PaceWaiter(
            id: id, client: client, excluding: excluding, signedIn: signedIn, arrived: now, deadline: now + rules.queueTimeout)
        if lines[client, default: []].isEmpty { rotation.append(client) }
        if retry { lines[client, default: []].prepend(waiter) } else { lines[client, default: []].append(waiter) }
        waiting += 1
        return .queued(waiter, estimate: estimate)
    }

    /// Gives free accounts to waiting requests at `now`, round-robin across clients; ends rests
    /// that are over, then drops the requests whose deadline passed.
    package mutating func dispatch(candidates: [PaceCandidate], now: ContinuousClock.Instant) -> PaceDispatch {
        var result = PaceDispatch()
        for number in paces.keys.sorted() where paces[number]!.wake(now: now) { result.rested.append(number) }
        var index = 0
        while index < rotation.count {
            let client = rotation[index]
            guard let head = lines[client]?.first, let number = pick(for: head, candidates: candidates, now: now) else {
                index += 1
                continue
            }
            paces[number, default: AccountPace(rules: rules)].start(rules, now: now)
            lines[client]!.removeFirst()
            waiting -= 1
            rotation.remove(at: index)
            if lines[client]!.isEmpty { lines[client] = nil } else { rotation.append(client) }
            result.granted.append((head.id, number))
        }
        // What no account could take by its deadline leaves, with the wait it would still have had.
        for client in Array(rotation) {
            for waiter in lines[client] ?? [] where waiter.deadline <= now {
                let estimate = estimatedWait(for: waiter, ahead: 0, candidates: candidates, now: now)
                _ = withdraw(waiter.id, client: client)
                result.expired.append((waiter.id, estimate))
            }
        }
        return result
    }

    /// When a dispatch could next give a turn or drop a request: the earliest slot of an account
    /// with room that a waiting request could use, or the earliest deadline; `nil` with nobody waiting.
    package func nextWake(candidates: [PaceCandidate], now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        guard waiting > 0 else { return nil }
        var wake = lines.values.compactMap { $0.map(\.deadline).min() }.min()
        let heads = rotation.compactMap { lines[$0]?.first }
        for candidate in candidates where heads.contains(where: { $0.accepts(candidate) }) {
            let pace = paces[candidate.number] ?? AccountPace(rules: rules)
            guard pace.hasRoom(rules) else { continue }
            let slot = pace.nextSlot(rules, now: now)
            wake = min(wake ?? slot, slot)
        }
        return wake
    }

    /// Takes waiter `id` out of the queue (its client left); returns whether it was waiting.
    package mutating func withdraw(_ id: UInt64) -> Bool {
        guard let client = lines.first(where: { $0.value.contains { $0.id == id } })?.key else { return false }
        return withdraw(id, client: client)
    }

    private mutating func withdraw(_ id: UInt64, client: String) -> Bool {
        guard let position = lines[client]?.firstIndex(where: { $0.id == id }) else { return false }
        lines[client]!.remove(at: position)
        waiting -= 1
        if lines[client]!.isEmpty {
            lines[client] = nil
            rotation.removeAll { $0 == client }
        }
        return true
    }

    /// Records how a request that had its turn on account `number` ended at `now`.
    package mutating func finished(_ number: Int, _ outcome: PaceOutcome, now: ContinuousClock.Instant) {
        var pace = paces[number] ?? AccountPace(rules: rules)
        switch outcome {
        case .success(let took):
            pace.finish(rules, success: true)
            // A slow moving average: one long answer does not swing the estimates.
            typicalAnswer = answersSeen == 0 ? took : (typicalAnswer * 7 + took) / 8
            answersSeen += 1
        case .failure:
            pace.finish(rules, success: false)
        case .penalty(let rest, let reason):
            pace.penalize(rules, rest: rest, reason: reason, now: now)
        }
        paces[number] = pace
    }

    /// Forgets accounts that are gone (removed from the roster).
    package mutating func keepOnly(_ numbers: Set<Int>) {
        paces = paces.filter { numbers.contains($0.key) }
    }

    /// Waiting requests per client.
    package var waitingByClient: [String: Int] {
        lines.mapValues(\.count)
    }

    /// The free account that has been idle longest and may serve `waiter` now.
    private func pick(for waiter: PaceWaiter, candidates: [PaceCandidate], now: ContinuousClock.Instant) -> Int? {
        var best: (number: Int, lastStart: ContinuousClock.Instant?)?
        for candidate in candidates where waiter.accepts(candidate) {
            let pace = paces[candidate.number] ?? AccountPace(rules: rules)
            guard pace.mayStart(rules, now: now) else { continue }
            guard let current = best else {
                best = (candidate.number, pace.lastStart)
                continue
            }
            switch (pace.lastStart, current.lastStart) {
            case (nil, .some): best = (candidate.number, nil)
            case (.some(let mine), .some(let theirs)) where mine < theirs: best = (candidate.number, mine)
            default: break
            }
        }
        return best?.number
    }

    /// How many requests are served before a new one of `client`: its own waiting requests, and
    /// from each other client as many as are served in the rounds until its turn.
    private func position(of client: String) -> Int {
        let own = lines[client]?.count ?? 0
        return lines.reduce(0) { sum, line in sum + (line.key == client ? own : min(line.value.count, own + 1)) }
    }
}
