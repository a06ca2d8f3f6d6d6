import ArenaWire
import Foundation
import NIOCore

/// Describes a fixture for a person (`lmarena2api fixtures inspect`): each entry's request,
/// match key, status, chunks and timing, and the answer decoded as the gateway would see it.
public enum FixtureInspector {
    /// The report for one fixture file.
    public static func describe(_ file: HARFile, name: String) -> String {
        var lines: [String] = [name]
        if let info = file.log.fixture {
            lines.append("  \(info.source), \(info.dialect): \(info.description)" + (info.outcome.map { " [\($0)]" } ?? ""))
        }
        for (index, entry) in file.log.entries.enumerated() {
            let key = FixtureKey(method: entry.request.method, url: entry.request.url, body: entry.request.postData?.text)
            let chunks = entry.response.chunks
            let firstByte = chunks?.first?.offsetMs ?? entry.timings.wait
            lines.append("entry \(index): \(key.method) \(key.path)")
            lines.append(
                "  match key: model \(key.modelID ?? "(none)"), modality \(key.modality ?? "(none)"), user \(JSONStringCodec.encode(key.userText ?? ""))"
            )
            if let match = entry.match { lines.append("  only when: \(match)") }
            if let fault = entry.fault { lines.append("  fault: \(fault.kind.rawValue) after \(fault.afterChunks) chunks") }
            lines.append(
                String(
                    format: "  status %d, %d chunks, first byte %.1f ms, duration %.1f ms", entry.response.status,
                    chunks?.count ?? 1, firstByte, entry.time))
            lines += answer(of: entry).map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// The decoded answer: text, reasoning, images, errors and the finish line.
    static func answer(of entry: HAREntry) -> [String] {
        let pieces: [[UInt8]] = entry.response.chunks.map { $0.map(\.bytes) } ?? [entry.response.content.bytes ?? []]
        let mimeType = entry.response.content.mimeType.lowercased()
        guard entry.response.status / 100 == 2, !mimeType.contains("html"), !mimeType.contains("json") else {
            let body = String(decoding: pieces.joined(), as: UTF8.self)
            return ["body: " + (body.count > 300 ? String(body.prefix(300)) + "..." : body)]
        }
        var parser = ArenaStreamParser()
        var events: [ArenaEvent] = []
        var failure: String?
        do {
            for piece in pieces { try parser.feed(ByteBuffer(bytes: piece), into: &events) }
            try parser.finish(into: &events)
        } catch {
            failure = "\(error)"
        }
        var text = ""
        var reasoning = ""
        var lines: [String] = []
        for event in events {
            switch event {
            case .text(let piece): text += piece
            case .reasoning(let piece): reasoning += piece
            case .images(let urls): lines.append("image: " + urls.joined(separator: ", "))
            case .error(let message): lines.append("error: \(message)")
            case .citation(let url, let title): lines.append("citation: \(url)" + (title.map { " (\($0))" } ?? ""))
            case .finish(let reason, let usage):
                lines.append(
                    "finish: \(reason ?? "(no reason)")"
                        + (usage.map { ", usage \($0.promptTokens) prompt / \($0.completionTokens) completion" } ?? ""))
            }
        }
        if !reasoning.isEmpty { lines.insert("reasoning: \(Self.shortened(reasoning))", at: 0) }
        if !text.isEmpty { lines.insert("text: \(Self.shortened(text))", at: 0) }
        if let failure { lines.append("unreadable: \(failure)") }
        if parser.ignoredLines > 0 { lines.append("\(parser.ignoredLines) lines passed over (steps, heartbeats, unknown prefixes)") }
        return lines
    }

    /// The most characters of an answer's text or reasoning `inspect` prints.
    public static let printedCharacters = 2000

    /// `text` cut to ``printedCharacters``, saying how much was left out.
    static func shortened(_ text: String) -> String {
        guard text.count > printedCharacters else { return text }
        return String(text.prefix(printedCharacters)) + "... (\(text.count - printedCharacters) more characters)"
    }
}
