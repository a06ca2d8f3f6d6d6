import Logging
import Synchronization

/// The shared, locked home of the ``SessionRoster`` and the ``CloudflareIncident`` state: leases
/// sessions, records outcomes, and writes one log line per state change.
final class SessionPool: Sendable {
    private struct State {
        var pool: SessionRoster
        var incident = CloudflareIncident()
        var generator = SystemRandomNumberGenerator()
    }

    private let state: Mutex<State>
    private let logger: Logger

    /// Creates a pool of `sessions`; a 429 without `Retry-After` rests a session for `defaultCooldown`.
    init(sessions: [ArenaSession], defaultCooldown: Duration, logger: Logger) {
        self.state = Mutex(State(pool: SessionRoster(sessions: sessions, defaultCooldown: defaultCooldown)))
        self.logger = logger
    }

    /// Leases a healthy session not in `excluding`.
    func lease(excluding: Set<Int> = [], now: ContinuousClock.Instant = .now) -> SessionRoster.Lease {
        let (lease, recovered) = state.withLock { state in
            let recovered = state.pool.recover(now: now)
            return (state.pool.lease(now: now, excluding: excluding, using: &state.generator), recovered)
        }
        for number in recovered {
            logger.notice("session #\(number) has cooled down and is usable again")
        }
        return lease
    }

    /// How many sessions are usable now.
    func healthyCount(now: ContinuousClock.Instant = .now) -> Int {
        state.withLock { $0.pool.healthyCount(now: now) }
    }

    /// Every session's record.
    func entries() -> [SessionRoster.Entry] {
        state.withLock { $0.pool.entries }
    }

    /// Records how an attempt on `session` ended.
    func report(_ session: ArenaSession, _ outcome: SessionRoster.Outcome, now: ContinuousClock.Instant = .now) {
        let (transition, endedIncident) = state.withLock { state in
            (state.pool.report(session.number, outcome, now: now), outcome == .success ? state.incident.clear() : nil)
        }
        log(transition, for: session, now: now)
        if let hits = endedIncident {
            logger.notice("the Cloudflare incident is over: answers are arriving again (it affected \(hits) requests)")
        }
    }

    /// Records the site's `ratelimit` header on an answer for `session`.
    func observe(_ rateLimit: ArenaRateLimit, on session: ArenaSession, now: ContinuousClock.Instant = .now) {
        let transition = state.withLock { $0.pool.observe(rateLimit, on: session.number, now: now) }
        log(transition, for: session, now: now)
    }

    /// One log line for a change worth one.
    private func log(_ transition: SessionRoster.Transition, for session: ArenaSession, now: ContinuousClock.Instant) {
        switch transition {
        case .none:
            break
        case .startedCoolingDown(let until):
            let seconds = Int(now.duration(to: until).components.seconds)
            logger.warning("\(session) is rate-limited by lmarena: cooling down for \(seconds) s; other sessions take its requests")
        case .windowUsedUp(let until):
            let seconds = Int(now.duration(to: until).components.seconds)
            logger.warning("\(session) has used up lmarena's rate-limit window (ratelimit remaining=0): resting \(seconds) s until it resets; other sessions take its requests")
        case .disabled(let reason):
            let hint = reason.lowercased().contains("user not found") ? " " + OpenAIError.userNotFoundHint : ""
            logger.error("\(session) was rejected by lmarena as logged out or invalid (\(reason)); it is disabled until restart: sign in again and update its LA_COOKIE entry.\(hint)")
        }
    }

    /// Records a Cloudflare challenge or block, logging the start of an incident once.
    func recordCloudflare(_ verdict: CloudflareVerdict) {
        guard state.withLock({ $0.incident.record(verdict) }) else { return }
        switch verdict {
        case .challenge:
            logger.error("Cloudflare is challenging requests to lmarena: CF_CLEARANCE is missing or stale for this IP and User-Agent. Refresh it from a browser on this IP and set USER_AGENT to that browser's; requests fail with 503 cloudflare_challenge until then")
        case .block:
            logger.error("Cloudflare is blocking requests to lmarena from this IP: use another network or PROXY_URL; requests fail with 503 cloudflare_blocked")
        case .other:
            break
        }
    }
}
