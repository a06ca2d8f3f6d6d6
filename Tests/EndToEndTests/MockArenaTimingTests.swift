import NIOHTTP1
import AsyncHTTPClient
import Foundation
import Logging
import MockArena
import NIOCore
import Recorder
import Testing
import TestSupport

/// MockArena over a real socket: chunks arrive as separate reads at their recorded offsets.
///
/// Tolerance: on a warm connection, a chunk may arrive up to 5 ms before its offset (clock
/// granularity) and up to 60 ms after it (scheduling on a loaded 2-core CI machine). The fixture
/// spaces its chunks 100 ms apart, so a read cannot hold two chunks within the tolerance.
/// `scripts/test.sh` runs this suite alone (`--filter MockArenaTimingTests`), not beside the
/// parallel end-to-end suites, and `DEVIATIONS=1` prints the measured deviations.
@Suite(.serialized)
struct MockArenaTimingTests {
    static let early = 5.0
    static let late = 60.0

    @Test func chunksArriveAsSeparateReadsAtTheirOffsets() async throws {
        let fixture = try FixtureFile.read(FixtureCorpus.directory.appendingPathComponent("timing/paced.har"))
        let entry = try #require(fixture.log.entries.first)
        let recorded = try #require(entry.response.chunks)
        let reads = try await Self.readDirectly(entry: entry, speed: 1)
        #expect(reads.map(\.bytes) == recorded.map(\.bytes), "one read per recorded chunk, byte for byte")
        if ProcessInfo.processInfo.environment["DEVIATIONS"] != nil {
            print("replay deviations (ms):", zip(reads, recorded).map { String(format: "%+.1f", $0.offsetMs - $1.offsetMs) })
        }
        for (read, chunk) in zip(reads, recorded) {
            #expect(read.offsetMs >= chunk.offsetMs - Self.early, "chunk at \(chunk.offsetMs) ms came at \(read.offsetMs) ms")
            #expect(read.offsetMs <= chunk.offsetMs + Self.late, "chunk at \(chunk.offsetMs) ms came at \(read.offsetMs) ms")
        }
    }

    @Test func speedDividesTheOffsets() async throws {
        let fixture = try FixtureFile.read(FixtureCorpus.directory.appendingPathComponent("timing/paced.har"))
        let entry = try #require(fixture.log.entries.first)
        let recorded = try #require(entry.response.chunks)
        let reads = try await Self.readDirectly(entry: entry, speed: 2)
        #expect(reads.map(\.bytes) == recorded.map(\.bytes))
        for (read, chunk) in zip(reads, recorded) {
            #expect(read.offsetMs >= chunk.offsetMs / 2 - Self.early)
            #expect(read.offsetMs <= chunk.offsetMs / 2 + Self.late)
        }
    }

    @Test func speedZeroSendsEverythingAtOnceWithTheSameBytes() async throws {
        let fixture = try FixtureFile.read(FixtureCorpus.directory.appendingPathComponent("chat/long.har"))
        let entry = try #require(fixture.log.entries.first)
        let reads = try await Self.readDirectly(entry: entry, speed: 0)
        #expect(reads.flatMap(\.bytes) == entry.response.content.bytes)
        #expect((reads.last?.offsetMs ?? .infinity) < (entry.response.chunks?.last?.offsetMs ?? 0), "faster than the recorded 6 s")
    }

    /// Replays `entry` from a MockArena server and reads it with AsyncHTTPClient, timing each read.
    static func readDirectly(entry: HAREntry, speed: Double) async throws -> [(offsetMs: Double, bytes: [UInt8])] {
        let replayer = try FixtureCorpus.replayer()
        var logger = Logger(label: "mockarena")
        logger.logLevel = .critical
        return try await LiveServer.with({ running in
            MockArenaServer.application(replayer: replayer, speed: speed, host: "127.0.0.1", port: 0, logger: logger, onServerRunning: running)
        }) { port in
            let warmUp = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/_mockarena/health"), timeout: .seconds(10))
            _ = try await warmUp.body.collect(upTo: 1 << 16)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)" + FixtureKey.normalizedPath(entry.request.url))
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: entry.request.postData?.text ?? ""))
            let start = ContinuousClock.now
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(Int(response.status.code) == entry.response.status)
            var reads: [(offsetMs: Double, bytes: [UInt8])] = []
            for try await chunk in response.body {
                let elapsed = start.duration(to: .now)
                let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                reads.append((ms, Array(chunk.readableBytesView)))
            }
            return reads
        }
    }
}
