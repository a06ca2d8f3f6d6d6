import Crypto
import Foundation

/// One lmarena login, as configured in `LA_COOKIE`.
///
/// An entry is any form the browser gives (docs/UPSTREAM.md, "2026: what captures of the live site add"):
/// - the value of the `arena-auth-prod-v1` cookie, with or without its `base64-` prefix, bare or
///   as `arena-auth-prod-v1=VALUE`;
/// - the chunks of a split cookie (`arena-auth-prod-v1.0`, `.1`, ... any number), joined with `|`;
/// - a whole `Cookie:` header copied from the developer tools, from which the auth cookie (single
///   or chunked), `cf_clearance`, `__cf_bm` and `user_country_code` are kept and every other
///   cookie dropped.
///
/// A session is a value: when lmarena rotates its cookies, the pool replaces it with a new value
/// of the same ``number`` and ``identity``.
public struct ArenaSession: Sendable, Equatable {
    /// Position in `LA_COOKIE` from 1, then sessions added at run time: how logs and errors name
    /// the session without its secret.
    public let number: Int
    /// The cookie pairs this session sends, e.g. `[("arena-auth-prod-v1", "base64-...")]`.
    public let cookies: [Cookie]
    /// What the auth cookie says of itself, when it decodes.
    public let claims: ArenaSessionClaims?
    /// Who the session is, stable across rotations: `user:` and the Supabase user id, else
    /// `cookie:` and a SHA-256 of the auth cookie it started from. Never logged.
    public let identity: String

    /// One `name=value` cookie.
    public struct Cookie: Sendable, Equatable {
        /// Cookie name.
        public let name: String
        /// Cookie value (a secret, except `user_country_code`).
        public let value: String

        /// Creates a cookie.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The cookies kept from a pasted `Cookie` header besides the auth cookie.
    static let keptCookies: Set<String> = [
        ArenaVocabulary.Cookie.cfClearance, ArenaVocabulary.Cookie.cfBotManagement, ArenaVocabulary.Cookie.countryCode,
    ]

    /// Parses one `LA_COOKIE` entry; `nil` when it holds no auth cookie.
    public init?(entry: String, number: Int) {
        var text = entry.trimmingCharacters(in: .whitespacesAndNewlines)
        // No cookie holds a control character; one inside would reach the Cookie header.
        guard !Self.holdsControlCharacter(text) else { return nil }
        if text.lowercased().hasPrefix("cookie:") { text = String(text.dropFirst("cookie:".count)) }
        let isHeader = text.contains(";") || (Self.isCookieHeaderPair(text) && !text.contains("|"))
        let cookies = isHeader ? Self.fromHeader(text) : Self.fromValue(text)
        guard cookies.contains(where: { Self.isAuthCookie($0.name) }) else { return nil }
        self.init(number: number, cookies: cookies)
    }

    /// A session of these cookies; `identity` defaults to the one its auth cookie gives.
    package init(number: Int, cookies: [Cookie], identity: String? = nil) {
        self.number = number
        self.cookies = cookies
        let auth = cookies.filter { Self.isAuthCookie($0.name) }.map(\.value).joined()
        self.claims = ArenaSessionClaims(cookieValue: auth)
        self.identity = identity ?? Self.identity(authValue: auth, claims: claims)
    }

    /// The same session with another number.
    package func renumbered(_ number: Int) -> ArenaSession {
        ArenaSession(number: number, cookies: cookies, identity: identity)
    }

    /// The auth cookie's value, chunks joined in order.
    var authValue: String {
        cookies.filter { Self.isAuthCookie($0.name) }.map(\.value).joined()
    }

    /// Six hex characters derived from ``identity``: how logs and the admin view tell sessions
    /// apart without a secret.
    public var fingerprint: String {
        String(Self.hex(SHA256.hash(data: Data(identity.utf8))).prefix(6))
    }

    /// The identity a cookie gives: its Supabase user when it names one.
    static func identity(authValue: String, claims: ArenaSessionClaims?) -> String {
        if let user = claims?.userID, !user.isEmpty { return "user:\(user)" }
        return "cookie:" + hex(SHA256.hash(data: Data(authValue.utf8)))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hex of a digest.
    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Parses the whole `LA_COOKIE` list: entries separated by newlines or commas (a comma never
    /// occurs inside a cookie value), empty ones skipped.
    public static func parseList(_ list: String) -> [ArenaSession] {
        var sessions: [ArenaSession] = []
        for entry in list.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "\r" }) {
            if let session = ArenaSession(entry: String(entry), number: sessions.count + 1) {
                sessions.append(session)
            }
        }
        return sessions
    }

    /// The `Cookie` header value: `cf_clearance` first (the session's own, else `cfClearance`),
    /// then the session's other cookies.
    public func cookieHeader(cfClearance: String?) -> String {
        let own = cookies.first { $0.name == ArenaVocabulary.Cookie.cfClearance }?.value
        var parts: [String] = []
        if let clearance = own ?? cfClearance, !clearance.isEmpty { parts.append("\(ArenaVocabulary.Cookie.cfClearance)=\(clearance)") }
        parts.append(contentsOf: cookies.filter { $0.name != ArenaVocabulary.Cookie.cfClearance }.map { "\($0.name)=\($0.value)" })
        return parts.joined(separator: "; ")
    }

    /// The values that are credentials, for redaction.
    public var secretValues: [String] {
        cookies.filter { $0.name != ArenaVocabulary.Cookie.countryCode }.map(\.value)
    }

    /// `arena-auth-prod-v1` or one of its chunks, `arena-auth-prod-v1.N`.
    /// Whether `text` holds a control character (U+0000 to U+001F, or DEL), which no cookie
    /// name or value may (RFC 6265): a CR or LF would split the `Cookie` header it is sent in.
    package static func holdsControlCharacter(_ text: some StringProtocol) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x7F }
    }

    package static func isAuthCookie(_ name: String) -> Bool {
        chunkIndex(name) != nil
    }

    /// `-1` for the single auth cookie, `N` for chunk `.N`, `nil` for any other name.
    static func chunkIndex(_ name: String) -> Int? {
        let stem = ArenaVocabulary.Cookie.auth
        if name == stem { return -1 }
        guard name.hasPrefix(stem + "."), let index = Int(name.dropFirst(stem.count + 1)), index >= 0 else { return nil }
        return index
    }

    /// A single `name=value` whose name is one this parser keeps.
    private static func isCookieHeaderPair(_ text: String) -> Bool {
        guard let equals = text.firstIndex(of: "=") else { return false }
        let name = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        return isAuthCookie(name) || keptCookies.contains(name)
    }

    /// The kept cookies of a `Cookie` header, auth chunks in order.
    private static func fromHeader(_ header: String) -> [Cookie] {
        var auth: [(index: Int, cookie: Cookie)] = []
        var kept: [Cookie] = []
        for pair in header.split(separator: ";") {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = pair[..<equals].trimmingCharacters(in: .whitespaces)
            let value = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else { continue }
            if let index = chunkIndex(name) {
                auth.append((index, Cookie(name: name, value: value)))
            } else if keptCookies.contains(name) {
                kept.append(Cookie(name: name, value: value))
            }
        }
        // A chunked cookie wins over a stale single one the browser may still hold.
        let chunks = auth.filter { $0.index >= 0 }
        let chosen = chunks.isEmpty ? auth : chunks
        return chosen.sorted { $0.index < $1.index }.map(\.cookie) + kept
    }

    /// A bare value, or chunk values joined with `|`.
    private static func fromValue(_ text: String) -> [Cookie] {
        let parts = text.split(separator: "|", omittingEmptySubsequences: true).map { part -> String in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let equals = trimmed.firstIndex(of: "="), isAuthCookie(String(trimmed[..<equals])) else { return trimmed }
            return String(trimmed[trimmed.index(after: equals)...])
        }.filter { !$0.isEmpty }
        guard parts.count > 1 else {
            return parts.first.map { [Cookie(name: ArenaVocabulary.Cookie.auth, value: $0)] } ?? []
        }
        return parts.enumerated().map { Cookie(name: "\(ArenaVocabulary.Cookie.auth).\($0.offset)", value: $0.element) }
    }
}

extension ArenaSession: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `session #N (fingerprint)`: never the secret.
    public var description: String { "session #\(number) (\(fingerprint))" }
    /// The same as ``description``.
    public var debugDescription: String { description }
    /// The number and the fingerprint, never the cookies.
    public var customMirror: Mirror { Mirror(self, children: ["number": number, "fingerprint": fingerprint], displayStyle: .struct) }
}
