import ArenaWire
import AsyncHTTPClient
import Foundation
import Logging
import MockArena
import NIOCore
import ProxyServer
import Recorder
import TestSupport
import Testing

/// Layer 5: record through the gateway against MockArena, replay the new fixtures, compare.
///
/// What the recorder and MockArena control is asserted: the bytes, offsets that never go back,
/// and that no byte is recorded before MockArena sent it (MockArena never sends early, and the
/// recorder measures from before sending). Where reads split or merge chunks is the network's
/// doing, and more so on a busy machine.
/// How much later a chunk was recorded depends on the machine's load: `DEVIATIONS=1` prints the
/// largest difference, and `lmarena2api bench` measures replay lateness as a figure.
@Suite(.serialized)
struct RecordReplayRoundTripTests {
    /// Clock granularity: a recorded offset may be this much before the original.
    static let early = 5.0

    /// Single-exchange fixtures without faults: one recording each, found again by its match key.
    static var cases: [FixtureCorpus.Case] {
        FixtureCorpus.cases().filter { !$0.hasFault && $0.entryCount == 1 && !$0.file.hasPrefix("pool/") && !$0.file.hasPrefix("faults/") }
    }

    /// Recordings made at the same time: enough to overlap, few enough that two cores replaying
    /// at speed 1 in a debug build keep their timing.
    static let concurrentRecordings = 4

    /// Recorded text with MockArena's origin put back as the `{{mockarena}}` the original holds.
    static func normalized(_ buffer: ByteBuffer) -> String {
        String(buffer: buffer).replacingOccurrences(of: #"http://127\.0\.0\.1:[0-9]+"#, with: "{{mockarena}}", options: .regularExpression)
    }

    /// Recorded bytes with MockArena's origin put back as `{{mockarena}}`, byte for byte (a chunk
    /// may split a character, so no text conversion).
    static func normalizedBytes(_ buffer: ByteBuffer) -> [UInt8] {
        let bytes = Array(buffer.readableBytesView)
        let prefix = Array("http://127.0.0.1:".utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index...].starts(with: prefix) {
                var end = index + prefix.count
                while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
                output += Array("{{mockarena}}".utf8)
                index = end
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    @Test func recordingsReplayByteForByteWithTheSameChunksAndTiming() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("roundtrip-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try FixtureWriter(directory: directory)
        let cases = Self.cases
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, fixture) in cases.enumerated() {
                if index >= Self.concurrentRecordings { try await group.next() }
                let sessions = fixture.sessions
                group.addTask {
                    try await LiveStack.with(
                        replayer: try FixtureCorpus.replayer(), speed: 1,
                        configuration: GatewayHarness.configuration(dialect: fixture.dialect) { $0.sessions = sessions },
                        wrap: {
                            RecordingTransport(base: $0, writer: writer, redactor: Redactor(), dialect: fixture.dialect, logger: Logger(label: "rec"))
                        }
                    ) { port in
                        _ = try await LiveStack.post(port: port, body: fixture.requestBody(stream: true))
                    }
                }
            }
            try await group.waitForAll()
        }
        try await Task.sleep(for: .milliseconds(200))

        let recorded = try FixtureStore.load(directory: directory)
        let original = try FixtureStore.load(directory: FixtureCorpus.directory)
        #expect(
            recorded.entries.count == cases.count,
            "one recording per exchange; not recorded: \(cases.map(\.file).filter { file in !recorded.entries.contains { $0.key.userText == cases.first { $0.file == file }?.expect.prompt } })"
        )
        var largestDeviation = 0.0
        for entry in recorded.entries {
            let source = try #require(original.entries.first { $0.key == entry.key }, "no original for \(entry.key)")
            #expect(entry.plan.status == source.plan.status)
            #expect(Self.normalized(entry.plan.body) == String(buffer: source.plan.body), "bytes of \(source.name)")
            #expect(
                entry.plan.chunks.flatMap { Self.normalizedBytes($0.bytes) } == source.plan.chunks.flatMap { Array($0.bytes.readableBytesView) },
                "chunk bytes of \(source.name)")
            // Where each original chunk ends in the body, and when it was sent.
            var ends: [(end: Int, offsetMs: Double)] = []
            for chunk in source.plan.chunks { ends.append(((ends.last?.end ?? 0) + chunk.bytes.readableBytes, chunk.offsetMs)) }
            var position = 0
            var previous = -Double.infinity
            for mine in entry.plan.chunks {
                position += Self.normalizedBytes(mine.bytes).count
                // The original chunk that holds the last byte of this read was sent no earlier than its offset.
                guard let holder = ends.first(where: { $0.end >= position }) else { break }
                largestDeviation = max(largestDeviation, mine.offsetMs - holder.offsetMs)
                #expect(
                    mine.offsetMs >= holder.offsetMs - Self.early, "\(source.name): recorded at \(mine.offsetMs) ms, sent at \(holder.offsetMs) ms")
                #expect(mine.offsetMs >= previous, "\(source.name): recorded offsets go back in time")
                previous = mine.offsetMs
            }
        }
        if ProcessInfo.processInfo.environment["DEVIATIONS"] != nil {
            print("round trip: largest offset deviation \(String(format: "%.1f", largestDeviation)) ms over \(recorded.entries.count) recordings")
        }
        #expect(try FixtureChecker.check(directory: directory).isEmpty)

        // Replaying the recordings gives the client what the originals gave it.
        for fixture in cases {
            let sessions = fixture.sessions
            try await LiveStack.with(
                replayer: try FixtureReplayer(directory: directory), speed: 0,
                configuration: GatewayHarness.configuration(dialect: fixture.dialect) { $0.sessions = sessions }
            ) { port in
                let result = try await LiveStack.post(port: port, body: fixture.requestBody(stream: true))
                #expect(result.status == fixture.expect.status, "\(fixture.file)")
                if result.status == 200 {
                    #expect(
                        OriginPattern.matches(SSETranscript(result.reads.map(\.text).joined()).content, fixture.expect.content), "\(fixture.file)")
                }
            }
        }
    }
}
