import ArenaWire
import Foundation
import Logging
import MockArena
import Recorder
import TestSupport
import Testing

/// Guards against a defect found by an attack run: recording multiplied disk use: an unmatched 8 MB prompt wrote its
/// fixture with the prompt three times (the request, MockArena's miss answer echoing it, and
/// `_chunks` repeating `content.text`). A recorded exchange now costs about the size of what
/// crossed the wire once.
struct RecordingSizeTests {
    @Test func anUnmatchedLongPromptIsRecordedAboutOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("record-size-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let upstream = ReplayTransport(replayer: try FixtureCorpus.replayer())
        let transport = try RecordingTransportFactory.make(
            mode: .all, directory: directory, live: upstream, registry: RecordModeTests.registry, redactor: Redactor(), dialect: .v2,
            logger: Logger(label: "t"))
        let prompt = String(repeating: "an unmatched prompt ", count: 50_000)  // 1 MB
        let (status, answer) = try await RecordModeTests.read(transport, RecordModeTests.request(model: "gpt-4.1-2025-04-14", prompt: prompt))
        #expect(status == ReplayMiss.status)
        #expect(answer.utf8.count < 8_000, "the miss answer echoes \(answer.utf8.count) bytes")
        let files = try FixtureFile.list(in: directory)
        #expect(files.count == 1)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: files[0].path)[.size] as? Int)
        #expect(size < prompt.utf8.count * 12 / 10, "a \(prompt.utf8.count)-byte prompt made a \(size)-byte fixture")
    }

    @Test func aLongChunkedAnswerIsKeptOnceAndReadBackWhole() throws {
        let chunks = (0..<300).map { FixtureChunk(offsetMs: Double($0), text: "a0:\"" + String(repeating: "w", count: 1000) + "\"\n") }
        let response = HARResponse(status: 200, statusText: "OK", headers: [], chunks: chunks, mimeType: "text/plain")
        let body = chunks.flatMap(\.bytes)
        #expect(response.content.text == nil && response.content.comment == HARResponse.bodyInChunksComment)
        let encoded = try JSONEncoder().encode(response)
        #expect(encoded.count < body.count * 12 / 10, "\(encoded.count) bytes for a \(body.count)-byte body")
        let decoded = try JSONDecoder().decode(HARResponse.self, from: encoded)
        #expect(decoded.content.bytes == body)
        #expect(decoded.content.size == body.count)
        // A short answer keeps both, as every fixture in the repository does.
        let short = HARResponse(status: 200, statusText: "OK", headers: [], chunks: Array(chunks.prefix(3)), mimeType: "text/plain")
        #expect(short.content.text != nil)
    }
}
