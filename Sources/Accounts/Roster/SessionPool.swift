import ArenaWire
import Foundation
import Logging
import NIOHTTP1
import Synchronization

/// The shared, locked home of the ``SessionRoster``: leases sessions, records outcomes and
/// rotations, hands every stored change to the ``SessionStateWriter``, and writes one log line
/// per state change. What concerns lmarena as a whole (reachability, Cloudflare) is the
/// ``UpstreamWatch``'s, and the refreshes in flight are ``RunningRefreshes``'.
///
/// Requests never hold a session's cookies for long: the gateway asks for ``current(_:)`` right
/// before it sends, so once a rotation has been recorded no request goes out with an older cookie.
package final class SessionPool: Sendable, ConcealsSecrets {
    private struct State {
        var pool: SessionRoster
        var generator = SystemRandomNumberGenerator()
        /// Models that answered `LOGIN_GATE`: leased to signed-in sessions only.
        var loginGated: Set<String> = []
        /// Where stored changes go; `nil` keeps everything in memory.
        var writer: SessionStateWriter?
    }

    private let state: Mutex<State>
    let logger: Logger
    /// Where rotated-in cookie values are learned, so redactors scrub them.
    package let secrets: SecretRegistry

    /// Creates a pool of `sessions`; a 429 without `Retry-After` rests a session for `defaultCooldown`.
    package convenience init(sessions: [ArenaSession], defaultCooldown: Duration, logger: Logger) {
        self.init(
            roster: SessionRoster(sessions: sessions, defaultCooldown: defaultCooldown), writer: nil, secrets: SecretRegistry(), logger: logger)
    }

    /// Creates a pool over `roster`, storing changes through `writer`.
    init(roster: SessionRoster, writer: SessionStateWriter?, secrets: SecretRegistry, logger: Logger) {
        self.state = Mutex(State(pool: roster, writer: writer))
        self.secrets = secrets
        self.logger = logger
        secrets.learn(roster.entries.flatMap(\.session.secretValues))
    }

    /// Replaces the roster with one restored from the store, whose changes `writer` stores from now on.
    package func install(_ roster: SessionRoster, writer: SessionStateWriter) {
        state.withLock { state in
            state.pool = roster
            state.writer = writer
        }
        secrets.learn(roster.entries.flatMap(\.session.secretValues))
    }

    /// How long a rate-limited session rests when lmarena sends no `Retry-After`.
    package var defaultCooldown: Duration {
        state.withLock { $0.pool.defaultCooldown }
    }

    /// The writer stored changes go to, once the store is open.
    var writer: SessionStateWriter? {
        state.withLock { $0.writer }
    }

    /// Leases a healthy session not in `excluding`; a signed-in one for a model behind the login gate.
    package func lease(excluding: Set<Int> = [], model: String? = nil, now: ContinuousClock.Instant = .now) -> SessionRoster.Lease {
        let (lease, recovered) = state.withLock { state in
            let recovered = state.pool.recover(now: now)
            let signedIn = model.map { state.loginGated.contains($0) } ?? false
            return (state.pool.lease(now: now, excluding: excluding, signedIn: signedIn, using: &state.generator), recovered)
        }
        for number in recovered {
            logger.notice("session #\(number) has cooled down and is usable again")
        }
        return lease
    }

    /// Whether `model` is leased to signed-in sessions only (it answered `LOGIN_GATE`).
    package func needsSignIn(_ model: String) -> Bool {
        state.withLock { $0.loginGated.contains(model) }
    }

    /// Session `number` with its newest cookies; `nil` once it is removed.
    package func current(_ number: Int) -> ArenaSession? {
        state.withLock { $0.pool.session(number) }
    }

    /// How many sessions are usable now.
    package func healthyCount(now: ContinuousClock.Instant = .now) -> Int {
        state.withLock { $0.pool.healthyCount(now: now) }
    }

    /// Every session's record.
    package func entries() -> [SessionRoster.Entry] {
        state.withLock { $0.pool.entries }
    }

    /// Records how an attempt on `session` ended.
    package func report(_ session: ArenaSession, _ outcome: SessionRoster.Outcome, now: ContinuousClock.Instant = .now) {
        let transition = state.withLock { state in
            changing(&state, session.number, now: now) { $0.report(session.number, outcome, now: now) }
        }
        log(transition, for: session, now: now)
    }

    /// Records the site's `ratelimit` header on an answer for `session`.
    package func observe(_ rateLimit: ArenaRateLimit, on session: ArenaSession, now: ContinuousClock.Instant = .now) {
        let transition = state.withLock { state in
            changing(&state, session.number, now: now) { $0.observe(rateLimit, on: session.number, now: now) }
        }
        log(transition, for: session, now: now)
    }

    /// Applies the `Set-Cookie` headers of an answer to a request sent on `session`.
    @discardableResult
    package func absorb(_ headers: HTTPHeaders, from session: ArenaSession, now: ContinuousClock.Instant = .now, wallNow: Date? = nil)
        -> ArenaSession.Rotation
    {
        // Each header whole: an `Expires` date holds a comma, so the values are never split on commas.
        let values = headers["set-cookie"]
        guard !values.isEmpty else { return .unchanged }
        let wallNow = wallNow ?? Date()
        let instructions = SetCookie.parse(values, now: wallNow)
        guard !instructions.isEmpty else { return .unchanged }
        let rotation = state.withLock { state in
            changing(&state, session.number, now: now, wallNow: wallNow) { $0.rotate(session.number, by: instructions) }
        }
        switch rotation {
        case .rotated(let rotated, let auth):
            secrets.learn(rotated.secretValues)
            if auth { logger.info("\(rotated) was rotated by lmarena: its next request sends the new cookie") }
        case .stale:
            logger.debug("\(session): ignored a Set-Cookie older than the cookie it holds")
        case .unchanged:
            break
        }
        return rotation
    }

    /// Marks `model` as behind the login gate: it is leased to signed-in sessions from now on.
    package func markLoginGated(_ model: String) {
        let added = state.withLock { $0.loginGated.insert(model).inserted }
        if added { logger.notice("model \(model) needs a signed-in lmarena session: anonymous sessions are no longer used for it") }
    }

    /// Carries out `change` on the roster and, when it bumped the session's version, queues the
    /// session's new record for the store (under the lock, so records queue in version order).
    private func changing<T>(
        _ state: inout State, _ number: Int, now: ContinuousClock.Instant, wallNow: @autoclosure () -> Date = Date(),
        _ change: (inout SessionRoster) -> T
    ) -> T {
        guard let writer = state.writer, let index = state.pool.entries.firstIndex(where: { $0.session.number == number }) else {
            return change(&state.pool)
        }
        let before = state.pool.entries[index].version
        let result = change(&state.pool)
        // Most changes (a success, a failure) are not stored: only a new version builds a record.
        if state.pool.entries.indices.contains(index), state.pool.entries[index].version != before,
            let record = state.pool.record(number, now: now, wallNow: wallNow())
        {
            writer.enqueue(.save(record, expectedVersion: nil))
        }
        return result
    }

    /// Carries out a change of the roster that may add or remove sessions; queues what it stores.
    func mutate<T>(now: ContinuousClock.Instant = .now, wallNow: Date = Date(), _ change: (inout SessionRoster) -> (T, [SessionStateWrite])) -> T {
        state.withLock { state in
            let (result, writes) = change(&state.pool)
            for write in writes { state.writer?.enqueue(write) }
            return result
        }
    }

    /// Logs a change worth one line.
    private func log(_ transition: SessionRoster.Transition, for session: ArenaSession, now: ContinuousClock.Instant) {
        switch transition {
        case .none:
            break
        case .startedCoolingDown(let until):
            let seconds = Int(now.duration(to: until).components.seconds)
            logger.warning("\(session) is rate-limited by lmarena: cooling down for \(seconds) s; other sessions take its requests")
        case .windowUsedUp(let until):
            let seconds = Int(now.duration(to: until).components.seconds)
            logger.warning(
                "\(session) has used up lmarena's rate-limit window (ratelimit remaining=0): resting \(seconds) s until it resets; other sessions take its requests"
            )
        case .disabled(let reason):
            let hint = reason.lowercased().contains("user not found") ? " " + UpstreamFailure.userNotFoundHint : ""
            logger.error(
                "\(session) was rejected by lmarena as logged out or invalid (\(reason)), and a refresh did not bring it back; it is disabled: sign in again and replace its LA_COOKIE entry, or POST the new cookie to /admin/sessions.\(hint)"
            )
        }
    }
}
