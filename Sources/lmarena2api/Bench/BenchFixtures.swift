import Foundation
import Proxy
import Recorder

/// The fixtures the benchmark replays, written into a temporary directory when it starts.
struct BenchFixtures {
    /// The model every benchmark request names.
    static let model = ArenaModel(name: "gpt-4.1-2025-04-14", id: "14e9311c-94d2-40c2-8c54-273947e208b0", modality: .chat)

    /// One fixture: its prompt and how many text chunks it streams.
    struct Answer {
        let prompt: String
        let chunks: Int
        let spacingMs: Double
    }

    /// A short answer, for latency.
    static let short = Answer(prompt: "bench short", chunks: 4, spacingMs: 0)
    /// A 1,000-chunk answer, for throughput.
    static let long = Answer(prompt: "bench long", chunks: 1000, spacingMs: 0)

    /// Chunks every 50 ms: 400 of them (20 s), or 10 in quick mode.
    static func paced(quick: Bool) -> Answer {
        Answer(prompt: "bench paced", chunks: quick ? 10 : 400, spacingMs: 50)
    }

    /// Writes the fixtures into `directory`.
    static func write(into directory: URL, quick: Bool) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, answer) in [("short", short), ("long", long), ("paced", paced(quick: quick))] {
            let file = fixture(answer)
            try FixtureFile.encode(file).write(to: directory.appendingPathComponent("\(name).har"))
        }
    }

    private static func fixture(_ answer: Answer) -> HARFile {
        var chunks: [FixtureChunk] = []
        for index in 0..<answer.chunks {
            let text = index == 0 ? "Benchmark" : " word\(index)"
            chunks.append(FixtureChunk(offsetMs: 20 + Double(index) * answer.spacingMs, text: "a0:\(JSONStringCodec.encode(text))\n"))
        }
        let end = 20 + Double(answer.chunks) * answer.spacingMs
        chunks.append(FixtureChunk(offsetMs: end, text: "ad:{\"finishReason\":\"stop\",\"usage\":{\"promptTokens\":3,\"completionTokens\":\(answer.chunks)}}\n"))
        let request = ArenaRequestBuilder(dialect: .v2).chatRequest(
            model: model, messages: [ChatMessage(role: .user, text: answer.prompt)], session: nil, recaptchaToken: "REDACTED")
        let entry = HAREntry(
            startedDateTime: "2026-11-26T10:00:00.000Z", time: end,
            request: HARRequest(method: "POST", url: request.url, headers: [], body: String(buffer: request.body)),
            response: HARResponse(
                status: 200, statusText: "OK", headers: [HARNameValue(name: "content-type", value: "text/plain; charset=utf-8")],
                chunks: chunks, mimeType: "text/plain; charset=utf-8"),
            timings: HARTimings(send: 0, wait: 20, receive: end - 20))
        return HARFile(log: HARLog(
            fixture: FixtureInfo(description: "benchmark: \(answer.chunks) chunks", source: "synthesized", dialect: "v2"), entries: [entry]))
    }
}
