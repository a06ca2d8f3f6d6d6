import Foundation

/// One lmarena login, as configured in `LA_COOKIE`.
///
/// An entry is the value of the `arena-auth-prod-v1` cookie, or the two halves of a split
/// session cookie joined with `|`, sent as `arena-auth-prod-v1.0` and `arena-auth-prod-v1.1`.
public struct ArenaSession: Sendable, Equatable {
    /// Position in `LA_COOKIE`, from 1: how logs and errors name the session without its secret.
    public let number: Int
    /// The cookie pairs this session sends, e.g. `[("arena-auth-prod-v1", "base64-...")]`.
    public let cookies: [Cookie]

    /// One `name=value` cookie.
    public struct Cookie: Sendable, Equatable {
        /// Cookie name.
        public let name: String
        /// Cookie value (a secret).
        public let value: String
    }

    /// Parses one `LA_COOKIE` entry; `nil` when it is empty.
    public init?(entry: String, number: Int) {
        let trimmed = entry.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        let value = Self.stripName(trimmed)
        let halves = value.split(separator: "|", omittingEmptySubsequences: false).map {
            Self.stripName(String($0).trimmingCharacters(in: .whitespaces))
        }
        if halves.count == 2, !halves[0].isEmpty, !halves[1].isEmpty {
            cookies = [Cookie(name: "arena-auth-prod-v1.0", value: halves[0]), Cookie(name: "arena-auth-prod-v1.1", value: halves[1])]
        } else {
            cookies = [Cookie(name: "arena-auth-prod-v1", value: value)]
        }
        self.number = number
    }

    /// Parses the whole comma-separated `LA_COOKIE` list, skipping empty entries.
    public static func parseList(_ list: String) -> [ArenaSession] {
        var sessions: [ArenaSession] = []
        for entry in list.split(separator: ",", omittingEmptySubsequences: true) {
            if let session = ArenaSession(entry: String(entry), number: sessions.count + 1) {
                sessions.append(session)
            }
        }
        return sessions
    }

    /// The `Cookie` header value: `cf_clearance` first when set, then the session cookies.
    public func cookieHeader(cfClearance: String?) -> String {
        var parts: [String] = []
        if let cfClearance, !cfClearance.isEmpty { parts.append("cf_clearance=\(cfClearance)") }
        parts.append(contentsOf: cookies.map { "\($0.name)=\($0.value)" })
        return parts.joined(separator: "; ")
    }

    /// Accepts entries pasted as `arena-auth-prod-v1=VALUE` (or `.0=`/`.1=`) as well as bare values.
    private static func stripName(_ text: String) -> String {
        for prefix in ["arena-auth-prod-v1.0=", "arena-auth-prod-v1.1=", "arena-auth-prod-v1="] where text.hasPrefix(prefix) {
            return String(text.dropFirst(prefix.count))
        }
        return text
    }
}

extension ArenaSession: CustomStringConvertible {
    /// `session #N`: never the secret.
    public var description: String { "session #\(number)" }
}
