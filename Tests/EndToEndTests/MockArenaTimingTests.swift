import AsyncHTTPClient
import Foundation
import Logging
import MockArena
import NIOCore
import NIOHTTP1
import Recorder
import TestSupport
import Testing

/// MockArena over a real socket: the recorded bytes arrive in the recorded order, each chunk a
/// separate write that is never sent before its offset.
///
/// What MockArena controls is asserted: the schedule (``ReplayClock``, tested without sockets in
/// `ReplayScheduleTests`), that no chunk is sent before it is due, and that chunks are written
/// one by one (a read never ends inside a chunk). How late a chunk arrives depends on how busy
/// the machine is: `DEVIATIONS=1` prints it, and `lmarena2api bench` measures it as a figure.
@Suite(.serialized)
struct MockArenaTimingTests {
    /// Clock granularity: a read may be stamped this much before the chunk's offset.
    static let early = 5.0

    @Test func chunksArriveWholeInOrderAndNeverBeforeTheirOffsets() async throws {
        try await Self.expectPaced(speed: 1)
    }

    @Test func speedDividesTheOffsets() async throws {
        try await Self.expectPaced(speed: 2)
    }

    /// Replays the paced fixture at `speed` and checks the bytes, the boundaries and the lower bounds.
    static func expectPaced(speed: Double) async throws {
        let fixture = try FixtureFile.read(FixtureCorpus.directory.appendingPathComponent("timing/paced.har"))
        let entry = try #require(fixture.log.entries.first)
        let recorded = try #require(entry.response.chunks)
        let reads = try await Self.readDirectly(entry: entry, speed: speed)
        #expect(reads.flatMap(\.bytes) == recorded.flatMap(\.bytes), "the recorded bytes, in order")
        // The end offset of each recorded chunk within the body.
        var ends: [Int: Double] = [:]
        var position = 0
        for chunk in recorded {
            position += chunk.bytes.count
            ends[position] = chunk.offsetMs / speed
        }
        position = 0
        for read in reads {
            position += read.bytes.count
            let due = try #require(ends[position], "a read ended inside a recorded chunk at byte \(position)")
            #expect(read.offsetMs >= due - Self.early, "a chunk due at \(due) ms was read at \(read.offsetMs) ms")
        }
        if ProcessInfo.processInfo.environment["DEVIATIONS"] != nil {
            print(
                "replay deviations (ms) at speed \(speed):", zip(reads, recorded).map { String(format: "%+.1f", $0.offsetMs - $1.offsetMs / speed) })
        }
    }

    @Test func speedZeroSendsEverythingAtOnceWithTheSameBytes() async throws {
        let fixture = try FixtureFile.read(FixtureCorpus.directory.appendingPathComponent("chat/long.har"))
        let entry = try #require(fixture.log.entries.first)
        let reads = try await Self.readDirectly(entry: entry, speed: 0)
        #expect(reads.flatMap(\.bytes) == entry.response.content.bytes)
    }

    /// Replays `entry` from a MockArena server and reads it with AsyncHTTPClient, timing each read.
    static func readDirectly(entry: HAREntry, speed: Double) async throws -> [(offsetMs: Double, bytes: [UInt8])] {
        let replayer = try FixtureCorpus.replayer()
        var logger = Logger(label: "mockarena")
        logger.logLevel = .critical
        return try await LiveServer.with({ running in
            MockArenaServer.application(replayer: replayer, speed: speed, host: "127.0.0.1", port: 0, logger: logger, onServerRunning: running)
        }) { port in
            let warmUp = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/_mockarena/health"), timeout: .seconds(10))
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
