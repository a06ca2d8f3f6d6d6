import Foundation
import MockArena
import Recorder

/// Fixtures of session cookies for tests, written at test time: synthetic Supabase sessions
/// (their `refresh_token` starts with `fixture-`, as `fixtures check` asks) and entries that
/// answer one exact cookie, rotate it, or refresh it.
public enum SessionFixtures {
    /// The auth cookie's name.
    public static let auth = "arena-auth-prod-v1"
    /// The model the entries answer, and the request they answer.
    public static let model = "gpt-4.1-2025-04-14"

    /// A synthetic cookie value (base64 of a Supabase session, no prefix) for `user`, number `serial`.
    public static func cookie(user: String = "5f0c3a9e-0000-4000-8000-0000000000aa", serial: Int, expiresAt: Date, anonymous: Bool = false) -> String
    {
        func encode(_ object: [String: Any]) -> String {
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return data.base64EncodedString()
        }
        let exp = Int(expiresAt.timeIntervalSince1970)
        let jwt = [
            encode(["alg": "ES256", "typ": "JWT"]), encode(["sub": user, "exp": exp, "is_anonymous": anonymous]), "fixture-signature-\(serial)",
        ]
        .joined(separator: ".")
        return encode([
            "access_token": jwt, "token_type": "bearer", "expires_in": 3600, "expires_at": exp,
            "refresh_token": "fixture-refresh-\(serial)", "user": ["id": user, "is_anonymous": anonymous],
        ]).replacingOccurrences(of: "=", with: "")
    }

    /// A `Set-Cookie` value for the auth cookie.
    public static func setCookie(_ value: String) -> String {
        "\(auth)=\(value); Path=/; Max-Age=34560000; SameSite=Lax"
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    /// The chat request for `prompt`, as `chat/short.har` records it with its prompt replaced.
    static func chatTemplate(prompt: String) throws -> HAREntry {
        var entry = try FixtureFile.read(FixtureCorpus.directory.appendingPathComponent("chat/short.har")).log.entries[0]
        let body = entry.request.postData!.text.replacingOccurrences(of: "\"Say hello\"", with: quoted(prompt))
        entry.request.postData!.text = body
        entry.request.bodySize = body.utf8.count
        return entry
    }

    /// An answer to a chat request for `prompt` sent with cookie `value` (any cookie when `nil`).
    public static func answer(
        prompt: String, cookie value: String?, text: String = "Answered.", status: Int = 200, setCookies: [String] = []
    ) throws -> HAREntry {
        var entry = try chatTemplate(prompt: prompt)
        let body = status == 200 ? "a0:\(quoted(text))\nad:{\"finishReason\":\"stop\"}\n" : #"{"message":"User not found"}"#
        entry.response = HARResponse(
            status: status, statusText: status == 200 ? "OK" : "Unauthorized",
            headers: [HARNameValue(name: "content-type", value: status == 200 ? "text/plain; charset=utf-8" : "application/json")]
                + setCookies.map { _ in HARNameValue(name: "set-cookie", value: "\(auth)=REDACTED") },
            chunks: [FixtureChunk(offsetMs: 5, text: body)], mimeType: status == 200 ? "text/plain; charset=utf-8" : "application/json")
        entry.response.setCookies = setCookies.isEmpty ? nil : setCookies
        entry.timings = HARTimings(send: 0, wait: 5, receive: 0)
        entry.match = value.map { FixtureMatch(cookies: [auth: $0]) }
        return entry
    }

    /// The site's front page loaded with cookie `value`, setting `setCookies`.
    public static func page(cookie value: String, setCookies: [String]) throws -> HAREntry {
        var entry = try chatTemplate(prompt: "page")
        entry.request.method = "GET"
        entry.request.url = "https://arena.ai/"
        entry.request.postData = nil
        entry.request.bodySize = 0
        let html = "<!DOCTYPE html><html><head><title>LMArena</title></head><body></body></html>"
        entry.response = HARResponse(
            status: 200, statusText: "OK",
            headers: [HARNameValue(name: "content-type", value: "text/html; charset=utf-8")]
                + setCookies.map { _ in HARNameValue(name: "set-cookie", value: "\(auth)=REDACTED") },
            chunks: [FixtureChunk(offsetMs: 5, text: html)], mimeType: "text/html; charset=utf-8")
        entry.response.setCookies = setCookies.isEmpty ? nil : setCookies
        entry.timings = HARTimings(send: 0, wait: 5, receive: 0)
        entry.match = FixtureMatch(cookies: [auth: value])
        return entry
    }

    /// Writes `entries` as `name.har` in a new temporary directory and returns the directory.
    public static func directory(_ name: String, _ entries: [HAREntry]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("session-fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = HARFile(log: HARLog(fixture: FixtureInfo(description: name, source: "synthesized", dialect: "v2"), entries: entries))
        try FixtureFile.encode(file).write(to: directory.appendingPathComponent("\(name).har"))
        return directory
    }
}
