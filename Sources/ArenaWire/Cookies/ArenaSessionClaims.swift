import Foundation

/// What an lmarena auth cookie says about its session, read without sending it anywhere.
///
/// The cookie is a Supabase session encoded in base64 (docs/UPSTREAM.md, "2026: what captures of the live site add"):
/// with or without the `base64-` prefix, standard or URL-safe alphabet, padded or not, and, when
/// it was chunked, the chunk values joined in order. Inside: `access_token` (a JWT of about an
/// hour), `refresh_token`, `expires_at` (Unix seconds) and `user` (`id`, `is_anonymous`). A
/// cookie that does not decode (tests, hand-made values) has no claims, and the gateway treats
/// it as a session of unknown expiry and kind. Nothing here is ever logged but ``expiresAt``
/// and ``isAnonymous``.
public struct ArenaSessionClaims: Sendable, Equatable {
    /// When the access token expires (`expires_at`, else the JWT's `exp`).
    public var expiresAt: Date?
    /// `user.is_anonymous` (else the JWT's `is_anonymous`): an anonymous session cannot use models
    /// behind the site's login gate.
    public var isAnonymous: Bool?
    /// The Supabase user id (`user.id`, else the JWT's `sub`): the same person across rotations.
    public var userID: String?

    /// Creates claims.
    public init(expiresAt: Date? = nil, isAnonymous: Bool? = nil, userID: String? = nil) {
        self.expiresAt = expiresAt
        self.isAnonymous = isAnonymous
        self.userID = userID
    }

    /// Reads the claims of an auth cookie value (chunks already joined); `nil` when it is not a
    /// base64 JSON session.
    public init?(cookieValue: String) {
        var text = Substring(cookieValue.trimmingCharacters(in: .whitespacesAndNewlines))
        if text.hasPrefix("base64-") { text = text.dropFirst("base64-".count) }
        guard let data = Self.base64(text),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        let token = (object["access_token"] as? String).flatMap(Self.jwtPayload) ?? [:]
        let user = object["user"] as? [String: Any] ?? [:]
        let seconds = Self.number(object["expires_at"]) ?? Self.number(token["exp"])
        expiresAt = seconds.map { Date(timeIntervalSince1970: $0) }
        isAnonymous = (user["is_anonymous"] as? Bool) ?? (token["is_anonymous"] as? Bool)
        userID = (user["id"] as? String) ?? (token["sub"] as? String)
        guard expiresAt != nil || isAnonymous != nil || userID != nil || object["refresh_token"] != nil else { return nil }
    }

    /// Seconds from `now` until the token expires; `nil` when the expiry is unknown.
    public func secondsLeft(now: Date) -> Double? {
        expiresAt.map { $0.timeIntervalSince(now) }
    }

    /// Decodes base64 in either alphabet, with or without padding; `nil` when it is not base64.
    public static func base64<S: StringProtocol>(_ text: S) -> Data? {
        var normalized = String(text).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !normalized.isEmpty else { return nil }
        let remainder = normalized.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { normalized += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: normalized)
    }

    /// The payload of a JWT, when it has one that decodes.
    private static func jwtPayload(_ token: String) -> [String: Any]? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = base64(parts[1]) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    /// A JSON number (or numeric string) as seconds.
    private static func number(_ value: Any?) -> Double? {
        if let number = value as? NSNumber, !(value is Bool) { return number.doubleValue }
        if let text = value as? String { return Double(text) }
        return nil
    }
}
