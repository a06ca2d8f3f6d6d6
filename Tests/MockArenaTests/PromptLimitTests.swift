import ArenaWire
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockArena
import NIOCore
import ProxyServer
import Synchronization
import TestSupport
import Testing

/// `MAX_PROMPT_CHARS`: a prompt lmarena would refuse for its length is a 400 before anything goes upstream.
struct PromptLimitTests {
    /// A transport that counts what it is asked to send, in front of the replay.
    final class CountingTransport: ArenaTransport {
        let inner: ReplayTransport
        let sent = Mutex(0)
        init(_ inner: ReplayTransport) { self.inner = inner }

        func send(_ request: ArenaRequest) async throws -> ArenaResponse {
            sent.withLock { $0 += 1 }
            return try await inner.send(request)
        }
    }

    static let json: HTTPFields = [.contentType: "application/json"]

    static func body(_ path: String, characters: Int) -> ByteBuffer {
        let text = String(repeating: "x", count: characters)
        switch path {
        case "/v1/responses": return ByteBuffer(string: #"{"model":"gpt-4.1-2025-04-14","input":"\#(text)"}"#)
        case "/v1/images/generations": return ByteBuffer(string: #"{"prompt":"\#(text)"}"#)
        default: return ByteBuffer(string: #"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"user","content":"\#(text)"}]}"#)
        }
    }

    @Test(arguments: [("/v1/chat/completions", "messages"), ("/v1/responses", "input"), ("/v1/images/generations", "prompt")])
    func aPromptOverTheLimitIs400AndNothingGoesUpstream(path: String, param: String) async throws {
        let transport = CountingTransport(ReplayTransport(replayer: try FixtureCorpus.replayer()))
        let app = try GatewayHarness.application(configuration: GatewayHarness.configuration(), transport: transport)
        try await app.test(.router) { client in
            let answer = try await client.execute(uri: path, method: .post, headers: Self.json, body: Self.body(path, characters: 60_000))
            #expect(answer.status == .badRequest)
            let error = try #require(
                (try JSONSerialization.jsonObject(with: Data(answer.body.readableBytesView)) as? [String: Any])?["error"] as? [String: Any])
            #expect(error["code"] as? String == "context_length_exceeded")
            #expect(error["param"] as? String == param)
            #expect((error["message"] as? String ?? "").contains("50000"))
            #expect(transport.sent.withLock { $0 } == 0, "nothing reached lmarena")
        }
    }

    @Test func aPromptAtTheLimitGoesUp() async throws {
        let transport = CountingTransport(ReplayTransport(replayer: try FixtureCorpus.replayer()))
        let app = try GatewayHarness.application(configuration: GatewayHarness.configuration { $0.maxPromptCharacters = 200 }, transport: transport)
        try await app.test(.router) { client in
            let answer = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: Self.json, body: Self.body("/v1/chat/completions", characters: 100))
            #expect(answer.status != .badRequest, "\(String(buffer: answer.body))")
            #expect(transport.sent.withLock { $0 } >= 1)
        }
    }
}
