import Foundation
import NIOCore

/// Turns the bytes of an lmarena response stream into ``ArenaEvent``s.
///
/// The stream is newline-separated `PREFIX:JSON` lines (docs/UPSTREAM.md). Chunks may split a line
/// anywhere, including inside a multi-byte character, so the parser works on bytes and decodes
/// only complete lines. `\r\n` endings and a `data: ` prefix are accepted. Step lines (`ae:`,
/// `af:`), heartbeats, tool-call deltas, other participants and unknown prefixes are passed
/// over; they never end the answer.
public struct ArenaStreamParser: Sendable {
    /// The longest line accepted by default: room for an inline image, not for a runaway stream.
    public static let defaultMaxLineBytes = 16 * 1024 * 1024

    private var partial: [UInt8] = []
    private let maxLineBytes: Int
    /// Lines that were passed over: unknown prefixes, other participants, lines without a prefix.
    public private(set) var ignoredLines = 0
    /// Complete lines seen so far, ignored ones included.
    public private(set) var lineCount = 0

    /// Creates a parser that rejects lines longer than `maxLineBytes`.
    public init(maxLineBytes: Int = ArenaStreamParser.defaultMaxLineBytes) {
        self.maxLineBytes = maxLineBytes
    }

    /// Parses the complete lines that `chunk` finishes and appends their events to `events`.
    public mutating func feed(_ chunk: ByteBuffer, into events: inout [ArenaEvent]) throws {
        try chunk.withUnsafeReadableBytes { bytes in
            try feed(bytes, into: &events)
        }
    }

    /// Parses the complete lines that `bytes` finishes and appends their events to `events`.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, into events: inout [ArenaEvent]) throws {
        var lineStart = 0
        var index = 0
        let count = bytes.count
        while index < count {
            if bytes[index] == 0x0A {
                let piece = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<index])
                if partial.isEmpty {
                    try parseLine(piece, into: &events)
                } else {
                    try appendPartial(piece)
                    try partial.withUnsafeBytes { try parseLine($0, into: &events) }
                    partial.removeAll(keepingCapacity: true)
                }
                lineStart = index + 1
            }
            index += 1
        }
        if lineStart < count {
            try appendPartial(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<count]))
        }
    }

    /// Parses a last line that arrived without a newline. Call once, when the body ends.
    public mutating func finish(into events: inout [ArenaEvent]) throws {
        guard !partial.isEmpty else { return }
        defer { partial.removeAll() }
        try partial.withUnsafeBytes { try parseLine($0, into: &events) }
    }

    /// Whether bytes of an unfinished line are waiting for their newline.
    public var hasPartialLine: Bool { !partial.isEmpty }

    private mutating func appendPartial(_ bytes: UnsafeRawBufferPointer) throws {
        guard partial.count + bytes.count <= maxLineBytes else {
            throw ArenaStreamError.lineTooLong(limit: maxLineBytes)
        }
        partial.append(contentsOf: bytes)
    }

    private mutating func parseLine(_ raw: UnsafeRawBufferPointer, into events: inout [ArenaEvent]) throws {
        var line = raw
        if let last = line.last, last == 0x0D {
            line = UnsafeRawBufferPointer(rebasing: line[0..<(line.count - 1)])
        }
        if line.count >= 5, line[0] == UInt8(ascii: "d"), line[1] == UInt8(ascii: "a"), line[2] == UInt8(ascii: "t"),
            line[3] == UInt8(ascii: "a"), line[4] == UInt8(ascii: ":")
        {
            let skip = line.count > 5 && line[5] == UInt8(ascii: " ") ? 6 : 5
            line = UnsafeRawBufferPointer(rebasing: line[skip...])
        }
        guard !line.isEmpty else { return }
        lineCount += 1
        guard line.count >= 3, Self.isLowerLetter(line[0]), Self.isCodeCharacter(line[1]), line[2] == UInt8(ascii: ":") else {
            ignoredLines += 1
            return
        }
        guard line[0] == UInt8(ascii: "a") else {
            ignoredLines += 1
            return
        }
        let payload = UnsafeRawBufferPointer(rebasing: line[3...])
        switch line[1] {
        case UInt8(ascii: "0"):
            guard let text = JSONStringCodec.decode(payload) else { throw Self.malformed("a0", payload) }
            events.append(text == "hasArenaError" ? .error("the arena reported a failed generation (hasArenaError)") : .text(text))
        case UInt8(ascii: "g"):
            guard let text = JSONStringCodec.decode(payload) else { throw Self.malformed("ag", payload) }
            events.append(.reasoning(text))
        case UInt8(ascii: "2"):
            let urls = try Self.imageURLs(payload)
            if !urls.isEmpty { events.append(.images(urls)) }
        case UInt8(ascii: "3"):
            let message = JSONStringCodec.decode(payload) ?? String(decoding: payload, as: UTF8.self)
            events.append(.error(message.isEmpty ? "the arena reported an error" : message))
        case UInt8(ascii: "d"):
            events.append(try Self.finish(payload))
        case UInt8(ascii: "c"):
            if let citation = Self.citation(payload) { events.append(citation) } else { ignoredLines += 1 }
        case UInt8(ascii: "e"):
            // The end of a step; with a `message`, a platform error (a moderation block, as two
            // bridges report). A step line that cannot be read never ends the answer.
            if let object = try? Self.json(payload, prefix: "ae") as? [String: Any],
                let message = object["message"] as? String, !message.isEmpty
            {
                events.append(.error(message))
            } else {
                ignoredLines += 1
            }
        default:
            ignoredLines += 1
        }
    }

    private static func isLowerLetter(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
    }

    private static func isCodeCharacter(_ byte: UInt8) -> Bool {
        isLowerLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func malformed(_ prefix: String, _ payload: UnsafeRawBufferPointer) -> ArenaStreamError {
        let preview = String(decoding: payload.prefix(80), as: UTF8.self)
        return .malformedLine(prefix: prefix, detail: "expected a JSON string, got \(preview)")
    }

    private static func json(_ payload: UnsafeRawBufferPointer, prefix: String) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed])
        } catch {
            let preview = String(decoding: payload.prefix(80), as: UTF8.self)
            throw ArenaStreamError.malformedLine(prefix: prefix, detail: "invalid JSON: \(preview)")
        }
    }

    private static func imageURLs(_ payload: UnsafeRawBufferPointer) throws -> [String] {
        guard let items = try json(payload, prefix: "a2") as? [Any] else { return [] }
        var urls: [String] = []
        for case let item as [String: Any] in items where item["type"] as? String == "image" {
            if let url = (item["image"] ?? item["url"]) as? String, !url.isEmpty {
                urls.append(url)
            }
        }
        return urls
    }

    /// A search source: `{"toolCallId":"citation-source","argsTextDelta":"{\"source\":{\"url\":..,\"title\":..}}"}`.
    /// Any other tool-call delta, or one that cannot be read, is not a citation (and no error).
    private static func citation(_ payload: UnsafeRawBufferPointer) -> ArenaEvent? {
        guard let object = try? json(payload, prefix: "ac") as? [String: Any],
            object["toolCallId"] as? String == "citation-source",
            let delta = object["argsTextDelta"] as? String,
            let inner = try? JSONSerialization.jsonObject(with: Data(delta.utf8)) as? [String: Any],
            let source = inner["source"] as? [String: Any],
            let url = source["url"] as? String, !url.isEmpty
        else { return nil }
        return .citation(url: url, title: source["title"] as? String)
    }

    private static func finish(_ payload: UnsafeRawBufferPointer) throws -> ArenaEvent {
        guard let object = try json(payload, prefix: "ad") as? [String: Any] else {
            return .finish(reason: nil, usage: nil)
        }
        let reason = object["finishReason"] as? String
        var usage: ArenaUsage?
        if let figures = object["usage"] as? [String: Any],
            let prompt = (figures["promptTokens"] as? NSNumber)?.intValue,
            let completion = (figures["completionTokens"] as? NSNumber)?.intValue,
            prompt >= 0, completion >= 0
        {
            usage = ArenaUsage(promptTokens: prompt, completionTokens: completion)
        }
        return .finish(reason: reason, usage: usage)
    }
}
