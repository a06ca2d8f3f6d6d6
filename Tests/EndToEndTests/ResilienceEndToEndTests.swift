import ArenaWire
import AsyncHTTPClient
import Foundation
import Logging
import MockArena
import NIOCore
import NIOHTTP1
import ProxyServer
import TestSupport
import Testing

/// Over real sockets: failover across the pool, Cloudflare, timeouts, disconnects, keep-alive.
struct ResilienceEndToEndTests {
    static let threeSessions = ArenaSession.parseList("demo-session-1,demo-session-2,demo-session-3")

    @Test func aHundredStreamsSucceedWithOneSessionRateLimitedAndOneLoggedOut() async throws {
        let replayer = try FixtureCorpus.replayer()
        let capture = LogCapture()
        let configuration = GatewayHarness.configuration { $0.sessions = Self.threeSessions }
        let body = LiveStack.chatBody(model: "gpt-4.1-2025-04-14", prompt: "Fail over between sessions", stream: true)
        let transcripts = try await LiveStack.with(replayer: replayer, speed: 0, configuration: configuration, logger: capture.logger()) { port in
            var transcripts: [SSETranscript] = []
            for _ in 0..<100 {
                let result = try await LiveStack.post(port: port, body: body)
                #expect(result.status == 200)
                transcripts.append(SSETranscript(result.reads.map(\.text).joined()))
            }
            return transcripts
        }
        #expect(transcripts.allSatisfy { $0.content == "Answered by the third session." && $0.done && $0.violations.isEmpty })
        #expect(replayer.servedCount("pool/failover.har#0") == 1, "the rate-limited session rests after its 429")
        #expect(replayer.servedCount("pool/failover.har#1") == 1, "the logged-out session is disabled after its 401")
        #expect(replayer.servedCount("pool/failover.har#2") == 1, "and after one refresh that brought no new cookie")
        #expect(replayer.servedCount("pool/failover.har#3") == 100)
        let cooling = capture.lines(containing: "is rate-limited by lmarena").filter { $0.contains("session #1 (") }
        let disabled = capture.lines(containing: "was rejected by lmarena as logged out").filter { $0.contains("session #2 (") }
        #expect(cooling.count == 1 && cooling[0].hasPrefix("warning") && cooling[0].contains("cooling down for 20 s"), "\(cooling)")
        #expect(disabled.count == 1 && disabled[0].hasPrefix("error") && disabled[0].contains("replace its LA_COOKIE entry"), "\(disabled)")
        #expect(capture.messages.allSatisfy { !$0.contains("demo-session-") }, "no log line carries a session's secret")
    }

    @Test func aChallengeIsNotRetriedOnEverySessionAndIsLoggedOnce() async throws {
        let replayer = try FixtureCorpus.replayer()
        let capture = LogCapture()
        let configuration = GatewayHarness.configuration { $0.sessions = Self.threeSessions }
        let body = LiveStack.chatBody(model: "gpt-4.1-2025-04-14", prompt: "Meet a Cloudflare challenge", stream: true)
        try await LiveStack.with(replayer: replayer, speed: 0, configuration: configuration, logger: capture.logger()) { port in
            for _ in 0..<3 {
                let result = try await LiveStack.post(port: port, body: body)
                #expect(result.status == 503)
                let text = result.reads.map(\.text).joined()
                #expect(text.contains("cloudflare_challenge") && text.contains("CF_CLEARANCE") && text.contains("USER_AGENT"))
            }
        }
        #expect(replayer.servedCount("cloudflare/challenge.har#0") == 3, "one upstream attempt per request, not one per session")
        #expect(capture.lines(containing: "Cloudflare is challenging requests").count == 1)
        #expect(capture.lines(containing: "Cloudflare is challenging requests").first?.hasPrefix("error") == true)
    }

    @Test func aSlowHeadHitsTheFirstByteTimeout() async throws {
        let configuration = GatewayHarness.configuration()
        let body = LiveStack.chatBody(model: "gpt-4.1-2025-04-14", prompt: "Take your time", stream: true)
        try await LiveStack.with(
            replayer: try FixtureCorpus.replayer(), speed: 1, configuration: configuration,
            timeouts: .init(firstByte: .milliseconds(700), idle: .seconds(10))
        ) { port in
            let result = try await LiveStack.post(port: port, body: body)
            #expect(result.status == 504)
            #expect(result.reads.map(\.text).joined().contains("upstream_timeout"))
        }
    }

    @Test func aClientLeavingClosesTheUpstreamConnectionAtOnce() async throws {
        let replayer = try FixtureCorpus.replayer()
        let body = LiveStack.chatBody(model: "gpt-4.1-2025-04-14", prompt: "Stall in the middle", stream: true)
        try await LiveStack.with(
            replayer: replayer, speed: 1, configuration: GatewayHarness.configuration(), timeouts: .init(idle: .seconds(60))
        ) { port in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: body))
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let reader = Task {
                let response = try await client.execute(request, timeout: .seconds(60))
                for try await chunk in response.body where String(buffer: chunk).contains("arrive, ") {
                    return ContinuousClock.now
                }
                return ContinuousClock.now
            }
            _ = try await reader.value
            let left = ContinuousClock.now
            try await client.shutdown()
            var noticed: ContinuousClock.Instant?
            for _ in 0..<50 where noticed == nil {
                noticed = replayer.abandonedReplays.first { $0.name == "faults/stall-mid-stream.har#0" }?.at
                if noticed == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            let delay = try #require(noticed, "MockArena never saw the upstream connection close").duration(to: left)
            #expect(left.duration(to: noticed!) < .seconds(1), "MockArena saw the close \(delay) after the client left")
        }
    }

    @Test func keptAliveConnectionsServeOneRequestAfterAnother() async throws {
        try await LiveStack.with(replayer: try FixtureCorpus.replayer(), speed: 0, configuration: GatewayHarness.configuration()) { port in
            for stream in [false, true, false, true, false] {
                let result = try await LiveStack.post(
                    port: port, body: LiveStack.chatBody(model: "gpt-4.1-2025-04-14", prompt: "Say hello", stream: stream))
                #expect(result.status == 200, "request with stream=\(stream)")
            }
        }
    }
}
