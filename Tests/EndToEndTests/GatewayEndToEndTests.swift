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

/// Layer 3: MockArena server + gateway server + a streaming HTTP client, all over loopback sockets.
struct GatewayEndToEndTests {
    static func withStack<T: Sendable>(
        speed: Double, dialect: ArenaDialect = .v2, change: @escaping @Sendable (inout ProxyConfiguration) -> Void = { _ in },
        _ body: @Sendable @escaping (Int) async throws -> T
    ) async throws -> T {
        try await LiveStack.with(
            replayer: try FixtureCorpus.replayer(), speed: speed, configuration: GatewayHarness.configuration(dialect: dialect, change: change), body)
    }

    static func post(port: Int, body: String) async throws -> (status: Int, contentType: String?, reads: [(ms: Double, text: String)]) {
        try await LiveStack.post(port: port, body: body)
    }

    @Test(arguments: FixtureCorpus.cases())
    func everyFixtureStreamsThroughRealSockets(fixture: FixtureCorpus.Case) async throws {
        let expect = fixture.expect
        let sessions = fixture.sessions
        try await Self.withStack(speed: 0, dialect: fixture.dialect, change: { $0.sessions = sessions }) { port in
            let result = try await Self.post(port: port, body: fixture.requestBody(stream: true, includeUsage: true))
            #expect(result.status == expect.status)
            let text = result.reads.map(\.text).joined()
            if expect.status != 200 {
                #expect(result.contentType == "application/json")
                #expect(text.contains("\"code\":\"\(expect.errorCode ?? "")\""), "\(text)")
                return
            }
            let transcript = SSETranscript(text)
            #expect(transcript.violations.isEmpty, "\(transcript.violations)")
            #expect(OriginPattern.matches(transcript.content, expect.content), "\(transcript.content)")
            #expect(transcript.reasoning == (expect.reasoning ?? ""))
            #expect(transcript.error?["code"] == expect.streamErrorCode)
            #expect(transcript.done == (expect.streamErrorCode == nil))
        }
    }

    @Test func collectedAnswersOverSocketsToo() async throws {
        let body = #"{"model":"claude-3-7-sonnet-20250219-thinking-32k","messages":[{"role":"user","content":"Why is the sky blue? Think first."}]}"#
        try await Self.withStack(speed: 0) { port in
            let result = try await Self.post(port: port, body: body)
            #expect(result.status == 200)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.reads.map(\.text).joined().utf8)) as? [String: Any])
            let message = (object["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any]
            #expect(message?["content"] as? String == "Short wavelengths scatter more, so the sky looks blue.")
            #expect(message?["reasoning_content"] as? String == "The user asks about Rayleigh scattering.")
        }
    }

    @Test func anUnreachableUpstreamIsA502() async throws {
        let configuration = GatewayHarness.configuration { $0.baseURL = "http://127.0.0.1:1" }
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: LiveArenaTransport.clientConfiguration(connectTimeout: .seconds(2), idleTimeout: .seconds(5), proxy: nil))
        let transport = LiveArenaTransport(client: client, firstByteTimeout: .seconds(5))
        try await LiveServer.with({ running in
            try GatewayHarness.application(configuration: configuration, transport: transport, onServerRunning: running)
        }) { port in
            let result = try await Self.post(port: port, body: #"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"user","content":"x"}]}"#)
            #expect(result.status == 502)
            #expect(result.reads.map(\.text).joined().contains("upstream_unreachable"))
        }
        try await client.shutdown()
    }
}
