import AsyncHTTPClient
import Foundation
import Logging
import MockArena
import NIOCore
import Proxy
import Recorder
import Testing
import TestSupport

/// Layer 5: record through the gateway against MockArena, replay the new fixtures, compare.
///
/// Tolerance: a recorded offset may differ from the original by at most 50 ms (the recorder
/// measures from sending, MockArena from receiving; both run on the same loaded machine).
/// Chunk boundaries are compared where the original chunks are at least 20 ms apart; closer
/// chunks may share a TCP read, which is the network's doing, not the recorder's. Runs alone in
/// `scripts/test.sh`; `DEVIATIONS=1` prints the largest offset difference.
@Suite(.serialized)
struct RecordReplayRoundTripTests {
    static let tolerance = 50.0
    static let minimumGap = 20.0

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
                        wrap: { RecordingTransport(base: $0, writer: writer, redactor: Redactor(), dialect: fixture.dialect, logger: Logger(label: "rec")) }
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
        #expect(recorded.entries.count == cases.count, "one recording per exchange; not recorded: \(cases.map(\.file).filter { file in !recorded.entries.contains { $0.key.userText == cases.first { $0.file == file }?.expect.prompt } })")
        var largestDeviation = 0.0
        for entry in recorded.entries {
            let source = try #require(original.entries.first { $0.key == entry.key }, "no original for \(entry.key)")
            #expect(entry.plan.status == source.plan.status)
            #expect(Self.normalized(entry.plan.body) == String(buffer: source.plan.body), "bytes of \(source.name)")
            let gaps = zip(source.plan.chunks.dropFirst(), source.plan.chunks).map { $0.offsetMs - $1.offsetMs }
            guard gaps.allSatisfy({ $0 >= Self.minimumGap }) else { continue }
            #expect(entry.plan.chunks.map { Self.normalized($0.bytes) } == source.plan.chunks.map { String(buffer: $0.bytes) },
                    "chunk boundaries of \(source.name)")
            for (mine, theirs) in zip(entry.plan.chunks, source.plan.chunks) {
                largestDeviation = max(largestDeviation, abs(mine.offsetMs - theirs.offsetMs))
                #expect(abs(mine.offsetMs - theirs.offsetMs) <= Self.tolerance, "\(source.name): \(mine.offsetMs) ms vs \(theirs.offsetMs) ms")
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
                    #expect(OriginPattern.matches(SSETranscript(result.reads.map(\.text).joined()).content, fixture.expect.content), "\(fixture.file)")
                }
            }
        }
    }
}
