import Foundation
import Proxy
import Testing
import TestSupport

/// The gateway writes each upstream chunk as it arrives instead of collecting the answer first.
/// Timing-based, so `scripts/test.sh` runs it alone, with the replay timing tests.
@Suite(.serialized)
struct GatewayStreamingTimingTests {
    @Test func theGatewayStreamsAsUpstreamSendsNotAfter() async throws {
        let body = #"{"model":"gpt-4.1-2025-04-14","stream":true,"messages":[{"role":"user","content":"Pace your answer"}]}"#
        try await LiveStack.with(replayer: try FixtureCorpus.replayer(), speed: 1, configuration: GatewayHarness.configuration()) { port in
            let result = try await LiveStack.post(port: port, body: body)
            #expect(result.status == 200)
            let contentReads = result.reads.filter { $0.text.contains("\"content\"") }
            #expect(contentReads.count == 5, "one write per upstream chunk: \(result.reads.map(\.text))")
            let first = try #require(contentReads.first?.ms)
            let last = try #require(contentReads.last?.ms)
            // Upstream spreads the five chunks over 400 ms; a gateway that buffered would deliver
            // them together. Half the span allows for scheduling on a loaded machine.
            #expect(last - first >= 200, "the five chunks span 400 ms upstream; they came within \(last - first) ms")
        }
    }

}
