import ArenaWire
import Foundation

/// Turns a browser's "Save all as HAR" export of an arena.ai session into fixtures
/// (`lmarena2api fixtures import-har`).
///
/// Keeps the lmarena API exchanges (create-evaluation, post-to-evaluation, retries, the model
/// catalogue), drops the rest (pages, scripts, images, analytics), and redacts before writing.
/// Every credential the export carries (cookie values, authorization and token headers) is also
/// scrubbed wherever else it appears. Browser exports carry no chunks: they replay as one chunk.
public enum HARImporter {
    /// What an import kept and dropped.
    public struct Report: Sendable {
        /// Fixtures written, with the URL each came from.
        public var kept: [(url: String, file: URL)] = []
        /// Entries left out, with why.
        public var dropped: [(url: String, reason: String)] = []
    }

    /// Imports the export at `source` into `writer`'s directory.
    public static func importFile(_ source: URL, into writer: FixtureWriter) throws -> Report {
        let export: HARFile
        do {
            export = try JSONDecoder().decode(HARFile.self, from: Data(contentsOf: source))
        } catch {
            throw FixtureFileError(path: source.path, reason: "not a HAR file: \(error)")
        }
        let redactor = Redactor(secrets: credentials(in: export))
        var report = Report()
        for entry in export.log.entries {
            let url = entry.request.url
            guard let dialect = apiDialect(of: url) else {
                report.dropped.append((url, "not an lmarena API exchange"))
                continue
            }
            guard entry.response.status > 0 else {
                report.dropped.append((url, "no response was recorded (cancelled or blocked in the browser)"))
                continue
            }
            let redacted = redact(entry, with: redactor)
            let key = FixtureKey(method: entry.request.method, url: url, body: entry.request.postData?.text)
            let info = FixtureInfo(
                description: "imported \(key.method) \(key.path) from \(source.lastPathComponent)", source: "imported",
                dialect: dialect.rawValue, recordedAt: entry.startedDateTime.isEmpty ? nil : entry.startedDateTime)
            let file = try writer.write(
                HARFile(log: HARLog(fixture: info, entries: [redacted])), dialect: dialect.rawValue, modelID: key.modelID,
                prompt: key.userText.map(redactor.scrub) ?? (key.path.hasPrefix(ArenaVocabulary.Path.v2ModelCatalog) ? "model catalog" : nil))
            report.kept.append((url, file))
        }
        return report
    }

    /// The dialect of an lmarena API URL, or `nil` for anything else.
    public static func apiDialect(of url: String) -> ArenaDialect? {
        let path = FixtureKey.normalizedPath(url)
        typealias Path = ArenaVocabulary.Path
        if path.hasPrefix(Path.v2Stream) || path.hasPrefix(Path.v2ModelCatalog) { return .v2 }
        if path.hasPrefix(Path.legacyStream) || path.hasPrefix(Path.legacyModelCatalog) { return .legacy }
        return nil
    }

    /// Cookie values and credential headers anywhere in the export.
    static func credentials(in export: HARFile) -> [String] {
        var found: [String] = []
        for entry in export.log.entries {
            for cookie in entry.request.cookies + entry.response.cookies { found.append(cookie.value) }
            for header in entry.request.headers + entry.response.headers where Redactor.isSecretHeader(header.name) {
                let lowered = header.name.lowercased()
                if lowered == "cookie" || lowered == "set-cookie" {
                    for pair in header.value.split(separator: ";") {
                        if let equals = pair.firstIndex(of: "=") { found.append(String(pair[pair.index(after: equals)...])) }
                    }
                } else {
                    found.append(header.value)
                    if let token = header.value.split(separator: " ").last { found.append(String(token)) }
                }
            }
        }
        return found.filter { $0 != Redactor.marker }
    }

    static func redact(_ entry: HAREntry, with redactor: Redactor) -> HAREntry {
        var copy = entry
        copy.request.url = redactor.scrub(entry.request.url)
        copy.request.headers = entry.request.headers.map(redactor.header)
        copy.request.cookies = entry.request.cookies.map(redactor.cookie)
        copy.request.queryString = entry.request.queryString.map { HARNameValue(name: $0.name, value: redactor.scrub($0.value)) }
        if let body = entry.request.postData {
            copy.request.postData = HARPostData(mimeType: body.mimeType, text: redactor.body(body.text))
        }
        copy.response.headers = entry.response.headers.map(redactor.header)
        copy.response.cookies = entry.response.cookies.map(redactor.cookie)
        if let text = entry.response.content.text, entry.response.content.encoding != "base64", redactor.containsSecret(text) {
            copy.response.content.text = redactor.scrub(text)
            copy.response.content.size = copy.response.content.text?.utf8.count ?? 0
        }
        copy.response.chunks = nil
        return copy
    }
}
