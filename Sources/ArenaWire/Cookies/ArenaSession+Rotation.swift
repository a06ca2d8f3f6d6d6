import Foundation

extension ArenaSession {
    /// What an answer's `Set-Cookie` headers make of a session's cookies.
    public enum Rotation: Sendable, Equatable {
        /// Nothing the session sends changed.
        case unchanged
        /// The session sends these cookies from now on; `auth` says whether the auth cookie
        /// itself was rotated (not only Cloudflare's).
        case rotated(ArenaSession, auth: Bool)
        /// The answer set an auth cookie that expires before the one the session holds (an
        /// answer to a request sent before a newer rotation): ignored.
        case stale
    }

    /// The cookies a rotation may change: the auth cookie and its chunks, Cloudflare's, the country.
    static func isRotatable(_ name: String) -> Bool {
        isAuthCookie(name) || keptCookies.contains(name)
    }

    /// Applies an answer's `Set-Cookie` instructions, in order, the way a browser would.
    ///
    /// A single auth cookie set in the answer replaces any chunks; chunks set in the answer
    /// replace the single cookie and any chunk beyond them. An answer that would leave no auth
    /// cookie, or whose auth cookie expires before the current one, leaves the auth cookie as it
    /// is. Other cookies are set or deleted as told.
    public func rotated(by instructions: [SetCookie]) -> Rotation {
        let relevant = instructions.filter { Self.isRotatable($0.name) }
        guard !relevant.isEmpty else { return .unchanged }
        var values: [String: String] = Dictionary(cookies.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        var authSet: Set<String> = []
        for instruction in relevant {
            if instruction.deletes {
                values[instruction.name] = nil
            } else {
                values[instruction.name] = instruction.value
                if Self.isAuthCookie(instruction.name) { authSet.insert(instruction.name) }
            }
        }
        if !authSet.isEmpty {
            // The single cookie drops every chunk; new chunks drop the single cookie and older chunks.
            for name in Array(values.keys) where Self.isAuthCookie(name) && !authSet.contains(name) {
                values[name] = nil
            }
        }
        var auth = values.filter { Self.isAuthCookie($0.key) }.map { Cookie(name: $0.key, value: $0.value) }
        auth.sort { (Self.chunkIndex($0.name) ?? 0) < (Self.chunkIndex($1.name) ?? 0) }
        let currentAuth = cookies.filter { Self.isAuthCookie($0.name) }
        var stale = false
        if auth.isEmpty {
            auth = currentAuth
        } else if auth != currentAuth {
            let candidate = ArenaSessionClaims(cookieValue: auth.map(\.value).joined())
            if let old = claims?.expiresAt, let new = candidate?.expiresAt, new < old {
                auth = currentAuth
                stale = true
            }
        }
        // Other cookies keep the order they had; new ones follow in the order they came.
        var others = cookies.filter { !Self.isAuthCookie($0.name) && values[$0.name] != nil }.map { Cookie(name: $0.name, value: values[$0.name]!) }
        for instruction in relevant where !Self.isAuthCookie(instruction.name) && !others.contains(where: { $0.name == instruction.name }) {
            if let value = values[instruction.name] { others.append(Cookie(name: instruction.name, value: value)) }
        }
        let next = auth + others
        guard next != cookies else { return stale ? .stale : .unchanged }
        return .rotated(ArenaSession(number: number, cookies: next, identity: identity), auth: auth != currentAuth)
    }
}
