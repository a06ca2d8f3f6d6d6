import Foundation
import Testing

@testable import Accounts
@testable import ArenaWire

/// Start-up: `LA_COOKIE` against what the store kept, as a pure function of both and the time.
struct SessionRestoreTests {
    static let now = ContinuousClock.now
    static let wallNow = Date(timeIntervalSince1970: 1_800_000_000)

    static func cookie(_ user: String, expiresAt: Int) -> String {
        SessionCookieTests.cookie(serial: expiresAt, expiresAt: expiresAt, user: user)
    }

    static func stored(
        _ session: ArenaSession, version: Int, origin: StoredSession.Origin = .environment, resting: Date? = nil, reason: String? = nil
    ) -> StoredSession {
        StoredSession(
            identity: session.identity, origin: origin, cookies: session.cookies, version: version, restingUntil: resting,
            disabledReason: reason, addedAt: Date(timeIntervalSince1970: 1000), updatedAt: Date(timeIntervalSince1970: 1_799_999_000))
    }

    @Test func aStoredRotationNewerThanLACookieWins() {
        let configured = ArenaSession.parseList(Self.cookie("u1", expiresAt: 100))
        let rotated = ArenaSession(entry: Self.cookie("u1", expiresAt: 900), number: 1)!
        let outcome = SessionRestore.restore(configured: configured, stored: [Self.stored(rotated, version: 7)], now: Self.now, wallNow: Self.wallNow)
        #expect(outcome.entries.map(\.session.cookies) == [rotated.cookies])
        #expect(outcome.entries.first?.version == 7)
        #expect(outcome.writes.isEmpty)
        #expect(outcome.notes.count == 1 && outcome.notes[0].contains("starts from the cookie lmarena rotated it to"))
        #expect(!outcome.notes[0].contains(rotated.authValue.prefix(20)), "the log line holds no cookie")
    }

    @Test func aFresherCookieInLACookieReplacesTheStoredOneAndStartsHealthy() {
        let fresh = Self.cookie("u1", expiresAt: 5000)
        let old = ArenaSession(entry: Self.cookie("u1", expiresAt: 900), number: 1)!
        let outcome = SessionRestore.restore(
            configured: ArenaSession.parseList(fresh), stored: [Self.stored(old, version: 3, reason: "401: gone")], now: Self.now,
            wallNow: Self.wallNow)
        #expect(outcome.entries.first?.session.authValue == fresh)
        #expect(outcome.entries.first?.health == .healthy)
        guard case .save(let record, let expected) = outcome.writes.first else {
            Issue.record("no write")
            return
        }
        #expect(record.version == 4 && expected == 3 && record.disabledReason == nil)
    }

    @Test func healthCarriesOverOnTheSameCookie() {
        let session = ArenaSession(entry: "plain-test-cookie", number: 1)!
        let resting = SessionRestore.restore(
            configured: [session], stored: [Self.stored(session, version: 2, resting: Self.wallNow.addingTimeInterval(90))], now: Self.now,
            wallNow: Self.wallNow)
        #expect(resting.entries.first?.health == .coolingDown(until: Self.now.advanced(by: .seconds(90))))
        let disabled = SessionRestore.restore(
            configured: [session], stored: [Self.stored(session, version: 2, reason: "401: User not found")], now: Self.now, wallNow: Self.wallNow)
        #expect(disabled.entries.first?.health == .disabled(reason: "401: User not found"))
        #expect(disabled.notes.contains { $0.contains("stays disabled") })
        let rested = SessionRestore.restore(
            configured: [session], stored: [Self.stored(session, version: 2, resting: Self.wallNow.addingTimeInterval(-5))], now: Self.now,
            wallNow: Self.wallNow)
        #expect(rested.entries.first?.health == .healthy, "a rest that ended while the gateway was down is over")
    }

    @Test func aSessionTwiceInLACookieIsUsedOnce() {
        let first = Self.cookie("u1", expiresAt: 100)
        let again = Self.cookie("u1", expiresAt: 200)
        let outcome = SessionRestore.restore(
            configured: ArenaSession.parseList("\(first),\(again),other-session"), stored: [], now: Self.now, wallNow: Self.wallNow)
        #expect(outcome.entries.map(\.session.number) == [1, 2])
        #expect(outcome.entries.last?.session.authValue == "other-session")
        #expect(outcome.notes.contains { $0.contains("entry 2 is the same lmarena session as entry 1") })
        #expect(outcome.writes.count == 2)
    }

    @Test func sessionsThatLeftLACookieAreDeletedAndThoseAddedAtRunTimeFollow() {
        let gone = ArenaSession(entry: "removed-session", number: 1)!
        let added = ArenaSession(entry: "posted-session", number: 9)!
        let kept = ArenaSession(entry: "kept-session", number: 1)!
        let outcome = SessionRestore.restore(
            configured: [kept],
            stored: [Self.stored(gone, version: 1), Self.stored(added, version: 4, origin: .admin), Self.stored(kept, version: 2)],
            now: Self.now, wallNow: Self.wallNow)
        #expect(outcome.entries.map(\.session.authValue) == ["kept-session", "posted-session"])
        #expect(outcome.entries.map(\.session.number) == [1, 2])
        #expect(outcome.entries.last?.origin == .admin)
        #expect(outcome.writes == [.delete(identity: gone.identity)])
        #expect(SessionRoster(entries: outcome.entries, defaultCooldown: .seconds(1)).nextNumber == 3)
    }
}
