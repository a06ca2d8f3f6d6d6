import ArenaWire
import Foundation

/// The health of every lmarena session, as a state machine: methods take the time and return
/// what happened, so every transition is tested without sockets or sleeps.
///
/// A session is healthy, cooling down until a time (after a 429), or disabled (lmarena said it
/// is logged out, and a refresh did not bring it back). Failures that are not the session's
/// fault change nothing. Sessions are added, removed and rotated at run time
/// (`SessionRoster+Changes.swift`); every change that is stored bumps the entry's version.
package struct SessionRoster: Sendable, ConcealsSecrets {
    /// The state of one session.
    package enum Health: Sendable, Equatable {
        /// Usable.
        case healthy
        /// Rate-limited: usable again at the given time.
        case coolingDown(until: ContinuousClock.Instant)
        /// Rejected as logged out or invalid: unusable until its cookie is replaced.
        case disabled(reason: String)
    }

    /// How an attempt on a session ended, as far as the session is concerned.
    package enum Outcome: Sendable, Equatable {
        /// The answer started.
        case success
        /// lmarena answered 429; `retryAfter` is its `Retry-After`, when it sent one.
        case rateLimited(retryAfter: Duration?)
        /// lmarena said the session is invalid (401).
        case invalid(reason: String)
        /// A failure that may be the session's: 5xx, timeout, empty answer, error before content.
        case failure
        /// A failure that is not the session's: connection, outbound proxy, Cloudflare, the request itself.
        case notSessionFault
    }

    /// What a report changed, for the log.
    enum Transition: Sendable, Equatable {
        /// Nothing worth a log line.
        case none
        /// The session started cooling down until the given time.
        case startedCoolingDown(until: ContinuousClock.Instant)
        /// The session was disabled.
        case disabled(reason: String)
        /// The site's rate-limit window is used up (`remaining=0`): resting until it resets.
        case windowUsedUp(until: ContinuousClock.Instant)
    }

    /// The answer to a lease request.
    package enum Lease: Sendable, Equatable {
        /// Use this session.
        case session(ArenaSession)
        /// No session is configured.
        case noneConfigured
        /// Every session that is not disabled is cooling down; the soonest is usable after this long.
        case allCoolingDown(retryAfter: Duration)
        /// Every session is disabled.
        case noneUsable
        /// The healthy sessions were all tried already for this request.
        case exhausted
        /// The model needs a signed-in session and every usable one is anonymous.
        case onlyAnonymous
    }

    /// One session and its record.
    package struct Entry: Sendable, Equatable {
        /// The session, with its newest cookies.
        package var session: ArenaSession
        /// Its health.
        package var health: Health
        /// Failures since its last success.
        var consecutiveFailures = 0
        /// Answers started on it.
        package var successes = 0
        /// `remaining` of the site's last `ratelimit` header for it, when one came.
        package var rateLimitRemaining: Int?
        /// Where it came from, which decides whether it leaves the store with `LA_COOKIE`.
        package var origin: StoredSession.Origin = .environment
        /// Bumped by every change that is stored.
        var version = 1
        /// When it was first stored.
        var addedAt = Date(timeIntervalSince1970: 0)
        /// Failed attempts in all.
        package var failures = 0
        /// Times its cookies were rotated by lmarena.
        package var rotations = 0
        /// Refreshes that brought a new cookie.
        package var refreshesSucceeded = 0
        /// Refreshes that did not.
        package var refreshesFailed = 0
        /// No background refresh is tried before this time (after one failed).
        var refreshNotBefore: Date?

        /// Whether the session is known to be anonymous (it cannot pass the login gate).
        var isAnonymous: Bool { session.claims?.isAnonymous == true }
    }

    /// Every session: `LA_COOKIE` order, then those added at run time.
    var entries: [Entry]
    /// How long a rate-limited session rests when lmarena sends no `Retry-After`.
    let defaultCooldown: Duration
    /// The number the next added session gets.
    var nextNumber: Int

    /// Creates a pool of healthy sessions.
    init(sessions: [ArenaSession], defaultCooldown: Duration) {
        self.init(entries: sessions.map { Entry(session: $0, health: .healthy) }, defaultCooldown: defaultCooldown)
    }

    /// Creates a pool of these entries (restored from the store).
    package init(entries: [Entry], defaultCooldown: Duration) {
        self.entries = entries
        self.defaultCooldown = defaultCooldown
        self.nextNumber = (entries.map(\.session.number).max() ?? 0) + 1
    }

    /// Picks a healthy session at random, skipping the session numbers in `excluding`, and the
    /// anonymous ones when `signedIn` is asked for. Sessions whose cooldown has passed at `now`
    /// are healthy again.
    mutating func lease<R: RandomNumberGenerator>(
        now: ContinuousClock.Instant, excluding: Set<Int> = [], signedIn: Bool = false, using generator: inout R
    ) -> Lease {
        guard !entries.isEmpty else { return .noneConfigured }
        recover(now: now)
        let healthy = entries.indices.filter { entries[$0].health == .healthy }
        let untried = healthy.filter { !excluding.contains(entries[$0].session.number) }
        let candidates = signedIn ? untried.filter { !entries[$0].isAnonymous } : untried
        if let index = candidates.randomElement(using: &generator) {
            return .session(entries[index].session)
        }
        if !untried.isEmpty { return .onlyAnonymous }
        if !healthy.isEmpty { return .exhausted }
        let recoveries = entries.compactMap { entry -> ContinuousClock.Instant? in
            if case .coolingDown(let until) = entry.health { return until }
            return nil
        }
        if let soonest = recoveries.min() {
            return .allCoolingDown(retryAfter: now.duration(to: soonest))
        }
        return .noneUsable
    }

    /// Records how an attempt on session `number` ended at `now`.
    mutating func report(_ number: Int, _ outcome: Outcome, now: ContinuousClock.Instant) -> Transition {
        guard let index = entries.firstIndex(where: { $0.session.number == number }) else { return .none }
        if case .disabled = entries[index].health { return .none }
        switch outcome {
        case .success:
            entries[index].successes += 1
            entries[index].consecutiveFailures = 0
            return .none
        case .rateLimited(let retryAfter):
            let until = now.advanced(by: retryAfter ?? defaultCooldown)
            entries[index].failures += 1
            if case .coolingDown(let current) = entries[index].health, current >= until { return .none }
            entries[index].health = .coolingDown(until: until)
            entries[index].version += 1
            return .startedCoolingDown(until: until)
        case .invalid(let reason):
            entries[index].health = .disabled(reason: reason)
            entries[index].failures += 1
            entries[index].version += 1
            return .disabled(reason: reason)
        case .failure:
            entries[index].consecutiveFailures += 1
            entries[index].failures += 1
            return .none
        case .notSessionFault:
            return .none
        }
    }

    /// Records the site's `ratelimit` header on an answer for session `number` at `now`: a window
    /// with nothing left rests the session until it resets, without waiting for a 429.
    mutating func observe(_ rateLimit: ArenaRateLimit, on number: Int, now: ContinuousClock.Instant) -> Transition {
        guard let index = entries.firstIndex(where: { $0.session.number == number }) else { return .none }
        entries[index].rateLimitRemaining = rateLimit.remaining
        guard rateLimit.remaining == 0, rateLimit.reset > 0 else { return .none }
        switch entries[index].health {
        case .disabled: return .none
        case .coolingDown(let current) where current >= now.advanced(by: .seconds(rateLimit.reset)): return .none
        case .healthy, .coolingDown:
            let until = now.advanced(by: .seconds(rateLimit.reset))
            entries[index].health = .coolingDown(until: until)
            entries[index].version += 1
            return .windowUsedUp(until: until)
        }
    }

    /// Sessions whose cooldown has passed become healthy; returns their numbers.
    @discardableResult
    mutating func recover(now: ContinuousClock.Instant) -> [Int] {
        var recovered: [Int] = []
        for index in entries.indices {
            if case .coolingDown(let until) = entries[index].health, until <= now {
                entries[index].health = .healthy
                recovered.append(entries[index].session.number)
            }
        }
        return recovered
    }

    /// How many sessions are healthy at `now` (cooldowns that have passed count as healthy).
    func healthyCount(now: ContinuousClock.Instant) -> Int {
        entries.filter { entry in
            switch entry.health {
            case .healthy: return true
            case .coolingDown(let until): return until <= now
            case .disabled: return false
            }
        }.count
    }
}

extension SessionRoster.Outcome {
    /// The outcome with configured credentials removed from its reason (it quotes upstream bytes).
    package func redacted(by redactor: Redactor) -> SessionRoster.Outcome {
        if case .invalid(let reason) = self { return .invalid(reason: redactor.scrub(reason)) }
        return self
    }
}
