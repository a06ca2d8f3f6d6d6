import ArenaWire
import Foundation

/// Validates fixtures (`lmarena2api fixtures check`): JSON and HAR shape, chunks that join to
/// `content.text`, a readable match key, and no value that looks like a live credential.
public enum FixtureChecker {
    /// One problem, naming the file and the field.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The fixture file.
        public let file: String
        /// The field at fault, as a path (`log.entries[0].response._chunks`).
        public let field: String
        /// What is wrong.
        public let message: String
        /// `file: field: message`.
        public var description: String { "\(file): \(field): \(message)" }
    }

    /// Patterns of live credentials, each with what it found.
    static let credentialPatterns: [(pattern: String, what: String)] = [
        (#"cf_clearance=[A-Za-z0-9_.\-]{24,}"#, "a cf_clearance cookie"),
        (#"arena-auth-prod-v1(\.[0-9])?=base64-[A-Za-z0-9+/=_\-]{16,}"#, "an arena-auth-prod-v1 session cookie"),
        (#"base64-eyJ[A-Za-z0-9+/=_\-]{20,}"#, "a base64 Supabase session"),
        (#"[Bb]earer [A-Za-z0-9._\-]{24,}"#, "a bearer token"),
        (#""(access|refresh)_token"\s*:\s*"[^"]{16,}""#, "a session token"),
    ]

    /// Checks every `.har` file below `directory`.
    public static func check(directory: URL) throws -> [Problem] {
        try FixtureFile.list(in: directory).flatMap { url in
            check(file: url, name: url.path.replacingOccurrences(of: directory.path + "/", with: ""))
        }
    }

    /// Checks one file.
    public static func check(file url: URL, name: String) -> [Problem] {
        do {
            try FixtureFile.checkRegularFile(url)
        } catch {
            return [Problem(file: name, field: "(file)", message: "\(error)")]
        }
        guard let data = try? Data(contentsOf: url) else {
            return [Problem(file: name, field: "(file)", message: "cannot be read")]
        }
        return check(data: data, name: name)
    }

    /// Checks the bytes of one fixture file, named `name` in the problems.
    public static func check(data: Data, name: String) -> [Problem] {
        var problems: [Problem] = []
        func problem(_ field: String, _ message: String) { problems.append(Problem(file: name, field: field, message: message)) }
        guard let text = String(data: data, encoding: .utf8) else {
            return [Problem(file: name, field: "(file)", message: "cannot be read as UTF-8 text")]
        }
        for (pattern, what) in credentialPatterns {
            if let range = text.range(of: pattern, options: .regularExpression) {
                let line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
                problem("line \(line)", "holds what looks like \(what): redact it (values become REDACTED)")
            }
        }
        let file: HARFile
        do {
            file = try FixtureFile.decode(data, path: name)
        } catch {
            problem("(json)", "\(error)")
            return problems
        }
        if file.log.version != "1.2" { problem("log.version", "is \(file.log.version), expected 1.2") }
        if file.log.entries.isEmpty { problem("log.entries", "is empty") }
        for (index, entry) in file.log.entries.enumerated() {
            checkEntry(entry, at: "log.entries[\(index)]", problem: problem)
        }
        return problems
    }

    /// Whether every value among `cookies` is synthetic; the chunks of the auth cookie
    /// (`arena-auth-prod-v1.0`, `.1` ...) are judged joined, as the session they make up.
    static func isSynthetic(cookies: [(name: String, value: String)]) -> Bool {
        let stem = ArenaVocabulary.Cookie.auth + "."
        let chunks = cookies.filter { $0.name.hasPrefix(stem) && Int($0.name.dropFirst(stem.count)) != nil && !$0.value.isEmpty }
            .sorted { Int($0.name.dropFirst(stem.count))! < Int($1.name.dropFirst(stem.count))! }
        if !chunks.isEmpty, !isSynthetic(cookieValue: chunks.map(\.value).joined()) { return false }
        return cookies.filter { !$0.name.hasPrefix(stem) }.allSatisfy { isSynthetic(cookieValue: $0.value) }
    }

    /// A cookie value made for fixtures: empty (a deletion), a short test value, or a base64
    /// Supabase session whose `refresh_token` starts with `fixture-`.
    static func isSynthetic(cookieValue: String) -> Bool {
        if cookieValue.isEmpty || (cookieValue.count < 64 && !cookieValue.hasPrefix("base64-")) { return true }
        var text = Substring(cookieValue)
        if text.hasPrefix("base64-") { text = text.dropFirst("base64-".count) }
        guard let data = ArenaSessionClaims.base64(text),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let refresh = object["refresh_token"] as? String
        else { return false }
        return refresh.hasPrefix("fixture-")
    }

    /// `REDACTED`, or cookie pairs whose values are all `REDACTED`.
    static func isRedacted(_ value: String) -> Bool {
        value == Redactor.marker
            || value.split(separator: ";").allSatisfy { pair in
                guard let equals = pair.firstIndex(of: "=") else { return false }
                return pair[pair.index(after: equals)...] == Substring(Redactor.marker)
            }
    }

    private static func checkEntry(_ entry: HAREntry, at path: String, problem: (String, String) -> Void) {
        for found in entry.replayProblems { problem("\(path).\(found.field)", found.message) }
        let request = entry.request
        if !request.url.hasPrefix("http://") && !request.url.hasPrefix("https://") {
            problem("\(path).request.url", "is not an absolute http(s) URL")
        }
        for (side, headers) in [("request", request.headers), ("response", entry.response.headers)] {
            for (index, header) in headers.enumerated() where Redactor.isSecretHeader(header.name) && !isRedacted(header.value) {
                problem("\(path).\(side).headers[\(index)] (\(header.name))", "is not redacted: its value must be REDACTED")
            }
        }
        let setCookies = (entry.response.setCookies ?? []).compactMap { SetCookie(header: $0, now: Date()) }
        if !setCookies.isEmpty, !isSynthetic(cookies: setCookies.map { ($0.name, $0.value) }) {
            problem(
                "\(path).response._setCookies",
                "is not a synthetic session: hand-made values only (a Supabase session whose refresh_token starts with 'fixture-', or a short test value)"
            )
        }
        if let cookies = entry.match?.cookies, !isSynthetic(cookies: cookies.map { ($0.key, $0.value) }) {
            problem("\(path)._match.cookies", "is not a synthetic session: hand-made values only")
        }
        for (index, cookie) in (request.cookies + entry.response.cookies).enumerated() where cookie.value != Redactor.marker {
            problem("\(path).cookies[\(index)] (\(cookie.name))", "is not redacted")
        }
        if let body = request.postData?.text {
            for field in Redactor.secretBodyFields {
                if let range = body.range(of: #""\#(field)"\s*:\s*"(?!REDACTED")[^"]+""#, options: .regularExpression) {
                    problem("\(path).request.postData.text", "\(body[range].prefix(24))... is not redacted")
                }
            }
            if request.method == "POST", request.url.contains("/stream/") {
                let key = FixtureKey(method: request.method, url: request.url, body: body)
                if key.modelID == nil || key.userText == nil {
                    problem("\(path).request.postData.text", "no match key: modelAId and the user message cannot be read from the body")
                }
            }
        }
        guard let content = entry.response.content.bytes else {
            problem("\(path).response.content.text", "is marked base64 but does not decode")
            return
        }
        if let chunks = entry.response.chunks {
            for (index, chunk) in chunks.enumerated() {
                if chunk.text == nil, chunk.base64.flatMap({ Data(base64Encoded: $0) }) == nil {
                    problem("\(path).response._chunks[\(index)]", "has neither text nor valid base64")
                }
                if index > 0, chunk.offsetMs < chunks[index - 1].offsetMs {
                    problem("\(path).response._chunks[\(index)].offsetMs", "goes back in time")
                }
            }
            if chunks.flatMap(\.bytes) != content {
                problem("\(path).response._chunks", "do not join to response.content.text")
            }
        }
    }
}
