import NIOCore
import Testing

@testable import ArenaWire

struct ArenaStreamParserTests {
    /// Parses `chunks` in order and returns every event, the final partial line included.
    static func parse(_ chunks: [[UInt8]]) throws -> [ArenaEvent] {
        var parser = ArenaStreamParser()
        var events: [ArenaEvent] = []
        for chunk in chunks {
            try parser.feed(ByteBuffer(bytes: chunk), into: &events)
        }
        try parser.finish(into: &events)
        return events
    }

    static let stream = Array(
        (##"a0:"Hello, ""## + "\n" + ##"ag:"thinking \"hard\"""## + "\n" + ##"a0:"wörld 中文 😀\n""## + "\n"
            + #"ad:{"finishReason":"stop","usage":{"promptTokens":3,"completionTokens":5}}"# + "\n").utf8)

    static let expected: [ArenaEvent] = [
        .text("Hello, "), .reasoning("thinking \"hard\""), .text("wörld 中文 😀\n"),
        .finish(reason: "stop", usage: ArenaUsage(promptTokens: 3, completionTokens: 5)),
    ]

    @Test func parsesOneChunk() throws {
        #expect(try Self.parse([Self.stream]) == Self.expected)
    }

    @Test func anySplitIntoTwoChunksGivesTheSameEvents() throws {
        for split in 0...Self.stream.count {
            let events = try Self.parse([Array(Self.stream[..<split]), Array(Self.stream[split...])])
            #expect(events == Self.expected, "split at byte \(split)")
        }
    }

    @Test func oneByteChunksGiveTheSameEvents() throws {
        #expect(try Self.parse(Self.stream.map { [$0] }) == Self.expected)
    }

    @Test func crlfAndDataPrefixAreAccepted() throws {
        let text = "data: a0:\"one\"\r\ndata:a0:\"two\"\r\n\r\ndata: ad:{\"finishReason\":\"length\"}\r\n"
        #expect(try Self.parse([Array(text.utf8)]) == [.text("one"), .text("two"), .finish(reason: "length", usage: nil)])
    }

    @Test func stepLinesHeartbeatsAndUnknownPrefixesArePassedOver() throws {
        let text = """
            a2:[{"type":"heartbeat"}]
            af:{"messageId":"x"}
            a0:"a"
            ae:{"finishReason":"tool-calls","isContinued":true}
            ac:{"toolCallId":"1"}
            b0:"other participant"
            a8:{"unknown":1}
            zz:"x"
            no prefix
            a0:"b"

            """
        var parser = ArenaStreamParser()
        var events: [ArenaEvent] = []
        try parser.feed(ByteBuffer(string: text), into: &events)
        #expect(events == [.text("a"), .text("b")])
        #expect(parser.ignoredLines == 7, "af, ae, ac, b0, a8, zz and the line without a prefix; heartbeats are understood, not ignored")
    }

    @Test func imagesAndErrors() throws {
        let text = """
            a2:[{"type":"image","image":"https://x/1.png"},{"type":"heartbeat"},{"type":"image","image":"https://x/2.png"}]
            a3:"Model overloaded"
            a0:"hasArenaError"

            """
        let events = try Self.parse([Array(text.utf8)])
        #expect(events.count == 3)
        #expect(events[0] == .images(["https://x/1.png", "https://x/2.png"]))
        #expect(events[1] == .error("Model overloaded"))
        guard case .error(let marker) = events[2] else {
            Issue.record("hasArenaError must be an error, got \(events[2])")
            return
        }
        #expect(marker.contains("hasArenaError"))
    }

    @Test func aLastLineWithoutNewlineIsParsedAtTheEnd() throws {
        var parser = ArenaStreamParser()
        var events: [ArenaEvent] = []
        try parser.feed(ByteBuffer(string: "a0:\"x\"\na0:\"tail\""), into: &events)
        #expect(events == [.text("x")])
        #expect(parser.hasPartialLine)
        try parser.finish(into: &events)
        #expect(events == [.text("x"), .text("tail")])
    }

    @Test func malformedTextLineIsAnError() throws {
        #expect(throws: ArenaStreamError.self) {
            _ = try Self.parse([Array("a0:not json\n".utf8)])
        }
        #expect(throws: ArenaStreamError.self) {
            _ = try Self.parse([Array("ad:{broken\n".utf8)])
        }
    }

    @Test func aRunawayLineIsRejected() throws {
        var parser = ArenaStreamParser(maxLineBytes: 1024)
        var events: [ArenaEvent] = []
        let chunk = ByteBuffer(bytes: [UInt8](repeating: UInt8(ascii: "x"), count: 600))
        try parser.feed(chunk, into: &events)
        #expect(throws: ArenaStreamError.lineTooLong(limit: 1024)) {
            try parser.feed(chunk, into: &events)
        }
    }

    @Test func finishWithoutUsageOrWithNullUsage() throws {
        let text = "ad:{\"finishReason\":\"stop\",\"usage\":{\"promptTokens\":null,\"completionTokens\":4}}\nad:{}\n"
        #expect(try Self.parse([Array(text.utf8)]) == [.finish(reason: "stop", usage: nil), .finish(reason: nil, usage: nil)])
    }
}
