import Foundation
import Proxy

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
        var problems: [Problem] = []
        func problem(_ field: String, _ message: String) { problems.append(Problem(file: name, field: field, message: message)) }
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
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
            file = try FixtureFile.read(url)
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

    /// `REDACTED`, or cookie pairs whose values are all `REDACTED`.
    static func isRedacted(_ value: String) -> Bool {
        value == Redactor.marker || value.split(separator: ";").allSatisfy { pair in
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
