import ArenaWire

/// The answers the benchmark asks for: the prompts of the fixtures in `benchmarks/fixtures`
/// (written by scripts/synthesize_fixtures.py) and how many text chunks each streams.
struct BenchAnswers {
    /// The model every benchmark request names.
    static let model = ArenaModel(name: "gpt-4.1-2025-04-14", id: "14e9311c-94d2-40c2-8c54-273947e208b0", modality: .chat)

    /// One answer: its prompt and how many text chunks it streams.
    struct Answer: Sendable {
        let prompt: String
        let chunks: Int
        /// When the last chunk is recorded, in milliseconds from the request (0: all at once).
        var lastOffsetMs = 0.0
    }

    /// A short answer, for latency.
    static let short = Answer(prompt: "bench short", chunks: 4)
    /// A 1,000-chunk answer, for throughput.
    static let long = Answer(prompt: "bench long", chunks: 1000)

    /// Chunks every 50 ms: 400 of them (20 s), or 10 in quick mode.
    static func paced(quick: Bool) -> Answer {
        // scripts/synthesize_fixtures.py: text chunks 50 ms apart after 20 ms, then the finish.
        let chunks = quick ? 10 : 400
        return Answer(prompt: quick ? "bench paced quick" : "bench paced", chunks: chunks, lastOffsetMs: Double(20 + chunks * 50))
    }
}
