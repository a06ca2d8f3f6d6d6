import Foundation
import TestSupport
import Testing

@testable import Accounts
@testable import ArenaWire

/// Every transition of the session roster, with an injected clock and a seeded generator.
struct SessionRosterTests {
    static let t0 = ContinuousClock.now
    static func at(_ seconds: Int) -> ContinuousClock.Instant { t0.advanced(by: .seconds(seconds)) }
    static let sessions = ArenaSession.parseList("a,b,c")

    /// A deterministic generator, so random leases are reproducible.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    static func leased(_ lease: SessionRoster.Lease) -> Int? {
        if case .session(let session) = lease { return session.number }
        return nil
    }

    @Test func leasesSpreadAtRandomOverHealthySessions() {
        var pool = SessionRoster(sessions: Self.sessions, defaultCooldown: .seconds(600))
        var generator = SeededGenerator(state: 7)
        var counts = [Int: Int]()
        for _ in 0..<3000 {
            counts[Self.leased(pool.lease(now: Self.at(0), using: &generator)) ?? 0, default: 0] += 1
        }
        #expect(counts.keys.sorted() == [1, 2, 3])
        #expect(counts.values.allSatisfy { $0 > 800 }, "\(counts)")
    }

    @Test func exclusionSkipsSessionsAlreadyTried() {
        var pool = SessionRoster(sessions: Self.sessions, defaultCooldown: .seconds(600))
        var generator = SeededGenerator(state: 1)
        for _ in 0..<50 {
            let lease = pool.lease(now: Self.at(0), excluding: [1, 3], using: &generator)
            #expect(Self.leased(lease) == 2)
        }
        let allTried = pool.lease(now: Self.at(0), excluding: [1, 2, 3], using: &generator)
        #expect(allTried == .exhausted)
    }

    @Test func rateLimitedCoolsDownForRetryAfterThenRecovers() {
        var pool = SessionRoster(sessions: Self.sessions, defaultCooldown: .seconds(600))
        var generator = SeededGenerator(state: 2)
        let transition = pool.report(1, .rateLimited(retryAfter: .seconds(30)), now: Self.at(0))
        #expect(transition == .startedCoolingDown(until: Self.at(30)))
        for _ in 0..<50 {
            let lease = pool.lease(now: Self.at(29), using: &generator)
            #expect(Self.leased(lease) != 1)
        }
        #expect(pool.healthyCount(now: Self.at(29)) == 2)
        #expect(pool.healthyCount(now: Self.at(30)) == 3)
        let recovered = pool.recover(now: Self.at(30))
        #expect(recovered == [1])
        #expect(pool.entries[0].health == .healthy)
    }

    @Test func rateLimitedWithoutRetryAfterUsesTheLockDuration() {
        var pool = SessionRoster(sessions: Self.sessions, defaultCooldown: .seconds(600))
        let firstRest = pool.report(2, .rateLimited(retryAfter: nil), now: Self.at(5))
        #expect(firstRest == .startedCoolingDown(until: Self.at(605)))
        let shorterRest = pool.report(2, .rateLimited(retryAfter: .seconds(10)), now: Self.at(6))
        #expect(shorterRest == .none, "a shorter cooldown does not cut a longer one")
        let longerRest = pool.report(2, .rateLimited(retryAfter: .seconds(900)), now: Self.at(6))
        #expect(longerRest == .startedCoolingDown(until: Self.at(906)))
    }

    @Test func invalidDisablesForGoodAndIsReportedOnce() {
        var pool = SessionRoster(sessions: Self.sessions, defaultCooldown: .seconds(600))
        var generator = SeededGenerator(state: 3)
        let disabling = pool.report(3, .invalid(reason: "401"), now: Self.at(0))
        #expect(disabling == .disabled(reason: "401"))
        let secondRejection = pool.report(3, .invalid(reason: "401"), now: Self.at(1))
        #expect(secondRejection == .none)
        let successWhileDisabled = pool.report(3, .success, now: Self.at(2))
        #expect(successWhileDisabled == .none)
        let rateLimitWhileDisabled = pool.report(3, .rateLimited(retryAfter: nil), now: Self.at(2))
        #expect(rateLimitWhileDisabled == .none, "a disabled session stays disabled")
        for _ in 0..<50 {
            let lease = pool.lease(now: Self.at(100_000), using: &generator)
            #expect(Self.leased(lease) != 3)
        }
    }

    @Test func failuresAreCountedButKeepTheSessionUsable() {
        var pool = SessionRoster(sessions: Self.sessions, defaultCooldown: .seconds(600))
        for _ in 0..<5 {
            let transition = pool.report(1, .failure, now: Self.at(0))
            #expect(transition == .none)
        }
        #expect(pool.entries[0].consecutiveFailures == 5)
        #expect(pool.entries[0].health == .healthy)
        let successTransition = pool.report(1, .success, now: Self.at(1))
        #expect(successTransition == .none)
        #expect(pool.entries[0].consecutiveFailures == 0)
        #expect(pool.entries[0].successes == 1)
        let notItsFaultTransition = pool.report(1, .notSessionFault, now: Self.at(2))
        #expect(notItsFaultTransition == .none)
        #expect(
            pool.entries[0] == SessionRoster.Entry(session: Self.sessions[0], health: .healthy, consecutiveFailures: 0, successes: 1, failures: 5))
    }

    @Test func allCoolingDownNamesTheSoonestRecovery() {
        var pool = SessionRoster(sessions: Self.sessions, defaultCooldown: .seconds(600))
        var generator = SeededGenerator(state: 4)
        _ = pool.report(1, .rateLimited(retryAfter: .seconds(90)), now: Self.at(0))
        _ = pool.report(2, .rateLimited(retryAfter: .seconds(40)), now: Self.at(0))
        _ = pool.report(3, .invalid(reason: "401"), now: Self.at(0))
        let whileAllRest = pool.lease(now: Self.at(10), using: &generator)
        #expect(whileAllRest == .allCoolingDown(retryAfter: .seconds(30)))
        let afterTheRest = pool.lease(now: Self.at(40), using: &generator)
        #expect(Self.leased(afterTheRest) == 2)
    }

    @Test func noneUsableAndNoneConfigured() {
        var generator = SeededGenerator(state: 5)
        var empty = SessionRoster(sessions: [], defaultCooldown: .seconds(600))
        let emptyLease = empty.lease(now: Self.at(0), using: &generator)
        #expect(emptyLease == .noneConfigured)
        var pool = SessionRoster(sessions: Self.sessions, defaultCooldown: .seconds(600))
        for number in 1...3 { _ = pool.report(number, .invalid(reason: "401"), now: Self.at(0)) }
        let allDisabledLease = pool.lease(now: Self.at(0), using: &generator)
        #expect(allDisabledLease == .noneUsable)
        let unknownSession = pool.report(9, .failure, now: Self.at(0))
        #expect(unknownSession == .none, "an unknown session number changes nothing")
    }

    @Test(arguments: [
        (UpstreamFailure.rejected(status: 429, retryAfter: 12, detail: ""), SessionRoster.Outcome.rateLimited(retryAfter: .seconds(12)), true),
        (.rejected(status: 401, retryAfter: nil, detail: "no access"), .invalid(reason: "401: no access"), true),
        (.rejected(status: 503, retryAfter: nil, detail: ""), .failure, true),
        (.rejected(status: 403, retryAfter: nil, detail: "recaptcha validation failed"), .notSessionFault, false),
        (.rejected(status: 422, retryAfter: nil, detail: ""), .notSessionFault, false),
        (.rejected(status: 404, retryAfter: nil, detail: "Model not found"), .notSessionFault, false),
        (.cloudflare(.challenge, status: 403), .notSessionFault, false),
        (.html(status: 502, title: nil), .failure, true),
        (.arenaError("x"), .failure, true),
        (.empty, .failure, true),
        (.transport(ArenaTransportError(.idleTimeout, "")), .failure, true),
        (.transport(ArenaTransportError(.connect, "")), .notSessionFault, true),
        (.transport(ArenaTransportError(.proxy, "")), .notSessionFault, false),
    ])
    func failuresMapToOutcomesAndRetries(failure: UpstreamFailure, outcome: SessionRoster.Outcome, retryable: Bool) {
        #expect(failure.sessionOutcome == outcome)
        #expect(failure.isRetryable == retryable)
    }

    @Test func cloudflareIncidentsAreReportedOnce() {
        var incident = CloudflareIncident()
        let started = incident.record(.challenge)
        #expect(started)
        let repeated = incident.record(.challenge)
        #expect(!repeated)
        let otherPage = incident.record(.other)
        #expect(!otherPage)
        let changedKind = incident.record(.block)
        #expect(changedKind, "a change of kind is a new incident")
        let ended = incident.clear()
        #expect(ended == 1)
        let endedAgain = incident.clear()
        #expect(endedAgain == nil)
        let afterTheEnd = incident.record(.challenge)
        #expect(afterTheEnd)
    }

    @Test func aUsedUpWindowRestsTheSessionUntilItResets() {
        var pool = SessionRoster(sessions: Self.sessions, defaultCooldown: .seconds(600))
        let quiet = pool.observe(ArenaRateLimit(limit: 1800, remaining: 5, reset: 200), on: 1, now: Self.at(0))
        #expect(quiet == .none)
        #expect(pool.entries[0].rateLimitRemaining == 5)
        #expect(pool.entries[0].health == .healthy)
        let usedUp = pool.observe(ArenaRateLimit(limit: 1800, remaining: 0, reset: 200), on: 1, now: Self.at(10))
        #expect(usedUp == .windowUsedUp(until: Self.at(210)))
        #expect(pool.healthyCount(now: Self.at(209)) == 2)
        #expect(pool.healthyCount(now: Self.at(210)) == 3)
        let again = pool.observe(ArenaRateLimit(limit: 1800, remaining: 0, reset: 100), on: 1, now: Self.at(20))
        #expect(again == .none, "a shorter rest does not cut the longer one, and is not logged again")
        _ = pool.report(3, .invalid(reason: "401"), now: Self.at(0))
        let disabled = pool.observe(ArenaRateLimit(limit: 1800, remaining: 0, reset: 100), on: 3, now: Self.at(20))
        #expect(disabled == .none)
    }
}

/// Sessions added, removed, rotated and refreshed at run time.
struct SessionRosterChangeTests {
    static let wallNow = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func anonymousSessionsAreKeptApartWhenASignedInOneIsAsked() {
        let anonymous = ArenaSession(entry: SessionCookieTests.cookie(serial: 1, expiresAt: 1_900_000_000, anonymous: true, user: "anon"), number: 1)!
        let signedIn = ArenaSession(entry: SessionCookieTests.cookie(serial: 2, expiresAt: 1_900_000_000, user: "signed"), number: 2)!
        var roster = SessionRoster(sessions: [anonymous, signedIn], defaultCooldown: .seconds(60))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            #expect(roster.lease(now: .now, signedIn: true, using: &generator) == .session(signedIn))
        }
        #expect(roster.lease(now: .now, excluding: [2], signedIn: true, using: &generator) == .onlyAnonymous)
        #expect(roster.lease(now: .now, excluding: [2], using: &generator) == .session(anonymous))
    }

    @Test func theLoginGateIsLearnedPerModel() {
        let anonymous = ArenaSession(entry: SessionCookieTests.cookie(serial: 1, expiresAt: 1_900_000_000, anonymous: true, user: "anon"), number: 1)!
        let pool = SessionPool(sessions: [anonymous], defaultCooldown: .seconds(60), logger: LogCapture().logger())
        #expect(pool.lease(model: "image-model") == .session(anonymous))
        pool.markLoginGated("image-model")
        #expect(pool.lease(model: "image-model") == .onlyAnonymous)
        #expect(pool.lease(model: "chat-model") == .session(anonymous), "other models still use it")
    }

    @Test func sessionsDueForRefreshAreThoseNearExpiryAndNotJustFailed() {
        let soon = ArenaSession(entry: SessionCookieTests.cookie(serial: 1, expiresAt: 1_800_000_120, user: "soon"), number: 1)!
        let later = ArenaSession(entry: SessionCookieTests.cookie(serial: 2, expiresAt: 1_800_003_600, user: "later"), number: 2)!
        let unknown = ArenaSession(entry: "no-expiry-known", number: 3)!
        var roster = SessionRoster(sessions: [soon, later, unknown], defaultCooldown: .seconds(60))
        #expect(roster.dueForRefresh(now: Self.wallNow, margin: 300).map(\.number) == [1])
        roster.refreshEnded(1, succeeded: false, now: Self.wallNow)
        #expect(roster.dueForRefresh(now: Self.wallNow.addingTimeInterval(30), margin: 300).isEmpty, "a failed refresh backs off")
        #expect(roster.dueForRefresh(now: Self.wallNow.addingTimeInterval(61), margin: 300).map(\.number) == [1])
        _ = roster.report(1, .invalid(reason: "401"), now: .now)
        #expect(roster.dueForRefresh(now: Self.wallNow.addingTimeInterval(61), margin: 300).isEmpty, "a disabled session is not refreshed")
        #expect(roster.entries[0].refreshesFailed == 1)
    }

    @Test func addReplaceRemoveAndRotateBumpTheVersion() {
        var roster = SessionRoster(sessions: ArenaSession.parseList("first-session"), defaultCooldown: .seconds(60))
        let added = roster.add(ArenaSession(entry: "second-session", number: 0)!, origin: .admin, addedAt: Self.wallNow)
        #expect(added.number == 2)
        _ = roster.report(2, .invalid(reason: "401"), now: .now)
        let replaced = roster.replaceCookies(
            with: ArenaSession(number: 0, cookies: [ArenaSession.Cookie(name: "arena-auth-prod-v1", value: "third")], identity: added.identity))
        #expect(replaced?.number == 2 && roster.entries[1].health == .healthy && roster.entries[1].version == 3)
        let rotation = roster.rotate(1, by: [SetCookie(name: "arena-auth-prod-v1", value: "rotated-first")])
        #expect(rotation == .rotated(roster.session(1)!, auth: true))
        #expect(roster.entries[0].version == 2 && roster.entries[0].rotations == 1)
        #expect(roster.remove(1)?.session.authValue == "rotated-first")
        #expect(
            roster.add(ArenaSession(entry: "fourth-session", number: 0)!, origin: .admin, addedAt: Self.wallNow).number == 3, "numbers are not reused"
        )
    }
}
