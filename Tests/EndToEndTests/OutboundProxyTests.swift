import ArenaWire
import AsyncHTTPClient
import ChildProcesses
import Foundation
import MockArena
import NIOCore
import NIOHTTP1
import ProxyServer
import TestSupport
import Testing

/// `PROXY_URL` against a real CONNECT proxy on loopback.
struct OutboundProxyTests {
    static func withProxy<T: Sendable>(user: String? = nil, password: String? = nil, _ body: @Sendable (ConnectProxy) async throws -> T) async throws
        -> T
    {
        let proxy = try await ConnectProxy(user: user, password: password)
        let running = Task { try await proxy.run() }
        defer { running.cancel() }
        return try await body(proxy)
    }

    static func post(port: Int, path: String, body: String) async throws -> (status: Int, text: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    @Test func everyUpstreamRequestGoesThroughTheProxyImageDownloadsIncluded() async throws {
        try await Self.withProxy(user: "alice", password: "s3cret!") { proxy in
            let replayer = try FixtureCorpus.replayer()
            let outbound = try OutboundProxy(parsing: "http://alice:s3cret%21@127.0.0.1:\(proxy.port)")
            try await LiveStack.with(replayer: replayer, speed: 0, configuration: GatewayHarness.configuration(), proxy: outbound) { port in
                let chat = try await Self.post(
                    port: port, path: "/v1/chat/completions", body: LiveStack.chatBody(model: "gpt-4.1-2025-04-14", prompt: "Say hello", stream: true)
                )
                #expect(chat.status == 200 && SSETranscript(chat.text).done)
                let images = try await Self.post(
                    port: port, path: "/v1/images/generations", body: #"{"prompt":"A lighthouse at dawn, watercolor","response_format":"b64_json"}"#)
                #expect(images.status == 200 && images.text.contains("b64_json"))
            }
            let upstreamRequests = ["chat/short.har#0", "image/single-image.har#0", "image/lighthouse-png.har#0"].map(replayer.servedCount).reduce(
                0, +)
            #expect(upstreamRequests == 3)
            #expect(proxy.targets.count == 3, "one tunnel per upstream request: \(proxy.targets)")
            #expect(Set(proxy.targets.map { $0.hasPrefix("127.0.0.1:") }) == [true])
        }
    }

    @Test func aProxyAskingForCredentialsIsOneClearErrorAtOnce() async throws {
        try await Self.withProxy(user: "alice", password: "right") { proxy in
            let outbound = try OutboundProxy(parsing: "http://alice:wrong-password@127.0.0.1:\(proxy.port)")
            let started = ContinuousClock.now
            try await LiveStack.with(
                replayer: try FixtureCorpus.replayer(), speed: 0,
                configuration: GatewayHarness.configuration { $0.sessions = ArenaSession.parseList("a,b,c") }, proxy: outbound
            ) { port in
                let result = try await Self.post(
                    port: port, path: "/v1/chat/completions",
                    body: LiveStack.chatBody(model: "gpt-4.1-2025-04-14", prompt: "Say hello", stream: false))
                #expect(result.status == 502)
                #expect(result.text.contains("proxy_error") && result.text.contains("407") && result.text.contains("http://127.0.0.1:\(proxy.port)"))
                #expect(!result.text.contains("wrong-password"))
            }
            #expect(started.duration(to: .now) < .seconds(15), "well before the 30 s connect timeout")
            #expect(proxy.targets.isEmpty, "no tunnel was opened, and a proxy failure is not retried on every session")
        }
    }

    @Test func aRefusingProxyIsOneClearErrorAtOnce() async throws {
        let closed = try ChildProcess.freePort()
        let outbound = try OutboundProxy(parsing: "http://127.0.0.1:\(closed)")
        let started = ContinuousClock.now
        try await LiveStack.with(replayer: try FixtureCorpus.replayer(), speed: 0, configuration: GatewayHarness.configuration(), proxy: outbound) {
            port in
            let result = try await Self.post(
                port: port, path: "/v1/chat/completions", body: LiveStack.chatBody(model: "gpt-4.1-2025-04-14", prompt: "Say hello", stream: true))
            #expect(result.status == 502)
            #expect(result.text.contains("proxy_error") && result.text.contains("outbound proxy http://127.0.0.1:\(closed)"))
        }
        #expect(started.duration(to: .now) < .seconds(15), "well before the 30 s connect timeout")
    }
}
