import Foundation
import NIOHTTP1
import TestSupport
import Testing

@testable import Accounts
@testable import ArenaWire

/// What a session cookie says of itself, `Set-Cookie` parsing, and rotation.
struct SessionCookieTests {
    static let user = "5f0c3a9e-0000-4000-8000-0000000000aa"

    /// A Supabase session as the site encodes it.
    static func session(_ object: [String: Any]) -> String {
        try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).base64EncodedString()
    }

    static func cookie(serial: Int, expiresAt: Int, anonymous: Bool = false, user: String = user) -> String {
        session([
            "access_token": "a.b.c", "refresh_token": "fixture-\(serial)", "expires_at": expiresAt, "user": ["id": user, "is_anonymous": anonymous],
        ])
    }

    static func arena(_ value: String, number: Int = 1) -> ArenaSession {
        ArenaSession(entry: value, number: number)!
    }

    @Test(arguments: ["", "base64-"])
    func claimsAreReadWithOrWithoutThePrefixPaddedOrNot(prefix: String) throws {
        let value = Self.cookie(serial: 1, expiresAt: 1_800_000_000, anonymous: true)
        for form in [value, value.replacingOccurrences(of: "=", with: "")] {
            let claims = try #require(ArenaSessionClaims(cookieValue: prefix + form))
            #expect(claims.expiresAt == Date(timeIntervalSince1970: 1_800_000_000))
            #expect(claims.isAnonymous == true)
            #expect(claims.userID == Self.user)
        }
    }

    @Test func chunksAreJoinedBeforeDecoding() {
        let value = Self.cookie(serial: 1, expiresAt: 1_800_000_000)
        let half = value.count / 2
        let session = Self.arena("base64-\(value.prefix(half))|\(value.dropFirst(half))")
        #expect(session.cookies.count == 2)
        #expect(session.claims?.userID == Self.user)
        #expect(session.identity == "user:\(Self.user)")
    }

    @Test func theJWTFillsInWhatTheSessionLeavesOut() throws {
        func segment(_ object: [String: Any]) -> String {
            try! JSONSerialization.data(withJSONObject: object).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        let jwt = segment(["alg": "ES256"]) + "." + segment(["sub": "u-1", "exp": 1_700_000_000, "is_anonymous": false]) + ".sig"
        let claims = try #require(ArenaSessionClaims(cookieValue: Self.session(["access_token": jwt, "refresh_token": "r"])))
        #expect(claims.userID == "u-1")
        #expect(claims.expiresAt == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(claims.isAnonymous == false)
    }

    @Test(arguments: ["test-session-value", "base64-notbase64!!", "eyJ", Self.session(["theme": "dark"])])
    func whatIsNotASessionHasNoClaims(value: String) {
        #expect(ArenaSessionClaims(cookieValue: value) == nil)
        let session = ArenaSession(entry: value, number: 1)
        #expect(session?.identity.hasPrefix("cookie:") == true, "an undecodable cookie is known by a hash of itself")
        #expect(session?.description.contains(value) == false)
    }

    @Test func theFingerprintIsStableAcrossRotationsAndHidesTheCookie() {
        let first = Self.arena(Self.cookie(serial: 1, expiresAt: 1_800_000_000))
        let second = Self.arena(Self.cookie(serial: 2, expiresAt: 1_800_003_600))
        #expect(first.fingerprint == second.fingerprint)
        #expect(first.fingerprint.count == 6 && first.fingerprint.allSatisfy(\.isHexDigit))
        #expect(first.description == "session #1 (\(first.fingerprint))")
        #expect(Self.arena(Self.cookie(serial: 1, expiresAt: 1, user: "other")).fingerprint != first.fingerprint)
    }

    @Test func setCookieHeadersSayWhatToSetAndWhatToDelete() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(
            SetCookie(header: "arena-auth-prod-v1=abc; Path=/; Max-Age=400; SameSite=Lax", now: now)
                == SetCookie(name: "arena-auth-prod-v1", value: "abc"))
        #expect(SetCookie(header: "arena-auth-prod-v1.1=; Path=/; Max-Age=0", now: now)?.deletes == true)
        #expect(SetCookie(header: "a=b; Max-Age=0", now: now)?.deletes == true)
        #expect(SetCookie(header: "a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT", now: now)?.deletes == true)
        #expect(SetCookie(header: "a=b; Expires=Fri, 01 Jan 2100 00:00:00 GMT", now: now)?.deletes == false)
        #expect(SetCookie(header: "a=\"quoted\"", now: now)?.value == "quoted")
        #expect(SetCookie(header: "no pair here", now: now) == nil)
        #expect(SetCookie(header: "=value", now: now) == nil)
    }

    /// Found by fuzzing: a control character in a Set-Cookie value or an LA_COOKIE
    /// entry reached the Cookie header the gateway sends.
    @Test func aCookieWithAControlCharacterIsNoCookie() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(SetCookie(header: "arena-auth-prod-v1=de\0f; Max-Age=5", now: now) == nil)
        #expect(SetCookie(header: "cf_clearance=x\ry", now: now) == nil)
        #expect(SetCookie(header: "cf\u{7F}=x", now: now) == nil)
        #expect(ArenaSession(entry: "arena-auth-prod-v1=a\u{1}b", number: 1) == nil)
        #expect(ArenaSession(entry: "cf_clearance=x\ty; arena-auth-prod-v1=ab", number: 1) == nil)
        #expect(ArenaSession(entry: "  arena-auth-prod-v1=ab \n", number: 1) != nil)
        let session = Self.arena("abc")
        #expect(Self.rotate(session, ["arena-auth-prod-v1=x\0y"]) == .unchanged)
    }

    /// Found by fuzzing: Foundation's date formatter stopped the process on an
    /// `Expires` holding a combining mark; such a date is now no date.
    @Test func anExpiresThatIsNotPrintableASCIIIsNoDate() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let header = "cf_clearance=x; Expires=Thu, 01 Jan 1970 00:\u{0599}u, 01 Jan 1970 00:00:00 -C"
        #expect(SetCookie(header: header, now: now)?.deletes == false)
        #expect(SetCookie.httpDate("Thu, 01 Jan 1970 00:00:00 GMT") == Date(timeIntervalSince1970: 0))
        #expect(SetCookie.httpDate("Thu, 01 Jan 1970 00:00:00 GMT" + String(repeating: " ", count: 60)) == nil)
    }

    static func rotate(_ session: ArenaSession, _ headers: [String]) -> ArenaSession.Rotation {
        session.rotated(by: SetCookie.parse(headers, now: Date(timeIntervalSince1970: 1_800_000_000)))
    }

    @Test func aSingleCookieBecomesChunksAndChunksBecomeASingleCookieAgain() throws {
        let start = Self.arena("arena-auth-prod-v1=\(Self.cookie(serial: 1, expiresAt: 100)); cf_clearance=clear-1; user_country_code=DE")
        let next = Self.cookie(serial: 2, expiresAt: 200)
        let half = next.count / 2
        guard
            case .rotated(let chunked, auth: true) = Self.rotate(
                start,
                [
                    "arena-auth-prod-v1=; Max-Age=0", "arena-auth-prod-v1.0=\(next.prefix(half)); Path=/",
                    "arena-auth-prod-v1.1=\(next.dropFirst(half)); Path=/",
                ])
        else {
            Issue.record("no rotation")
            return
        }
        #expect(chunked.cookies.map(\.name) == ["arena-auth-prod-v1.0", "arena-auth-prod-v1.1", "cf_clearance", "user_country_code"])
        #expect(chunked.claims?.expiresAt == Date(timeIntervalSince1970: 200))
        #expect(chunked.number == 1 && chunked.identity == start.identity)
        let last = Self.cookie(serial: 3, expiresAt: 300)
        // Chunks replaced by a single cookie, the stale chunks dropped even when the answer does not delete them.
        guard case .rotated(let single, auth: true) = Self.rotate(chunked, ["arena-auth-prod-v1=\(last)"]) else {
            Issue.record("no rotation")
            return
        }
        #expect(single.cookies.map(\.name) == ["arena-auth-prod-v1", "cf_clearance", "user_country_code"])
        #expect(single.authValue == last)
    }

    @Test func cloudflareCookiesRotateAndOthersAreIgnored() {
        let start = Self.arena("arena-auth-prod-v1=\(Self.cookie(serial: 1, expiresAt: 100)); cf_clearance=clear-1")
        guard case .rotated(let next, auth: false) = Self.rotate(start, ["cf_clearance=clear-2; Path=/", "__cf_bm=bm-1; HttpOnly", "theme=dark"])
        else {
            Issue.record("no rotation")
            return
        }
        #expect(next.cookieHeader(cfClearance: "global").hasPrefix("cf_clearance=clear-2; arena-auth-prod-v1="))
        #expect(next.cookies.map(\.name) == ["arena-auth-prod-v1", "cf_clearance", "__cf_bm"])
        #expect(Self.rotate(start, ["theme=dark", "_ga=1"]) == .unchanged)
        #expect(Self.rotate(start, ["cf_clearance=clear-1"]) == .unchanged, "the same value is no change")
    }

    @Test func anOlderCookieNeverReplacesANewerOne() {
        let current = Self.arena(Self.cookie(serial: 5, expiresAt: 500))
        // The answer to a request sent before the last rotation carries the cookie that rotation replaced.
        #expect(Self.rotate(current, ["arena-auth-prod-v1=\(Self.cookie(serial: 4, expiresAt: 400))"]) == .stale)
        #expect(Self.rotate(current, ["arena-auth-prod-v1=; Max-Age=0"]) == .unchanged, "an answer never leaves a session without its auth cookie")
    }
}

/// The pool applies rotations at once and learns the new values for redaction.
struct SessionPoolRotationTests {
    @Test func theNextLeaseAndEveryRedactorSeeTheRotatedCookie() {
        let start = SessionCookieTests.cookie(serial: 1, expiresAt: 100)
        let next = SessionCookieTests.cookie(serial: 2, expiresAt: 200)
        let pool = SessionPool(sessions: ArenaSession.parseList(start), defaultCooldown: .seconds(60), logger: LogCapture().logger())
        let session = pool.current(1)!
        var headers = HTTPHeaders()
        headers.add(name: "set-cookie", value: "arena-auth-prod-v1=\(next); Path=/")
        guard case .rotated = pool.absorb(headers, from: session) else {
            Issue.record("no rotation")
            return
        }
        #expect(pool.current(1)?.authValue == next)
        #expect(pool.lease() == .session(pool.current(1)!))
        #expect(Redactor(learned: pool.secrets).scrub("echo \(next)") == "echo REDACTED")
        // The answer to a request sent with the first cookie comes back late, carrying an older rotation: ignored.
        var late = HTTPHeaders()
        late.add(name: "set-cookie", value: "arena-auth-prod-v1=\(SessionCookieTests.cookie(serial: 0, expiresAt: 150))")
        #expect(pool.absorb(late, from: session) == .stale)
        #expect(pool.current(1)?.authValue == next)
        #expect(pool.entries()[0].rotations == 1)
        // An Expires date holds a comma: the header is read whole, never split there.
        var clearance = HTTPHeaders()
        clearance.add(name: "set-cookie", value: "cf_clearance=fresh-clearance; Expires=Fri, 01 Jan 2100 00:00:00 GMT; Path=/")
        guard case .rotated(let cleared, auth: false) = pool.absorb(clearance, from: pool.current(1)!) else {
            Issue.record("no rotation")
            return
        }
        #expect(cleared.cookies.first { $0.name == "cf_clearance" }?.value == "fresh-clearance")
        var expired = HTTPHeaders()
        expired.add(name: "set-cookie", value: "cf_clearance=fresh-clearance; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/")
        _ = pool.absorb(expired, from: pool.current(1)!)
        #expect(pool.current(1)?.cookies.contains { $0.name == "cf_clearance" } == false, "a past Expires deletes the cookie")
    }
}
