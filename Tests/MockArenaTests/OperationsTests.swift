import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TestSupport
import Testing

@testable import Accounts
@testable import ArenaWire
@testable import MockArena
@testable import ProxyServer

struct OperationsTests {
    static let json: HTTPFields = [.contentType: "application/json"]

    static func app(_ change: (inout ProxyConfiguration) -> Void = { _ in }, logger: Logger? = nil) throws -> some ApplicationProtocol {
        try GatewayHarness.application(
            configuration: GatewayHarness.configuration(change: change), transport: ReplayTransport(replayer: try FixtureCorpus.replayer()),
            logger: logger)
    }

    @Test func readyOnlyWithAUsableSession() async throws {
        try await Self.app().test(.router) { client in
            let ready = try await client.execute(uri: "/readyz", method: .get)
            let alive = try await client.execute(uri: "/healthz", method: .get)
            #expect(ready.status == .ok)
            #expect(alive.status == .ok)
        }
        try await Self.app { $0.sessions = [] }.test(.router) { client in
            let response = try await client.execute(uri: "/readyz", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(String(buffer: response.body).contains("LA_COOKIE"))
        }
        try await Self.app { $0.sessions = ArenaSession.parseList("doomed-session") }.test(.router) { client in
            let body = ByteBuffer(string: #"{"model":"qwen3-235b-a22b","messages":[{"role":"user","content":"Use a logged out session"}]}"#)
            _ = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: Self.json, body: body)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .serviceUnavailable, "its only session was logged out")
        }
    }

    @Test func metricsCountRequestsAttemptsAndSessions() async throws {
        try await Self.app { $0.sessions = ArenaSession.parseList("demo-session-1,demo-session-2,demo-session-3") }.test(.router) { client in
            // Sessions are leased at random; in 60 requests the two bad ones are each met (all but
            // surely: missing one has a chance of about 2 * (2/3)^60).
            let failover = ByteBuffer(string: #"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"user","content":"Fail over between sessions"}]}"#)
            for _ in 0..<60 {
                let response = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: Self.json, body: failover)
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("X-Request-Id")!]?.isEmpty == false)
            }
            _ = try await client.execute(uri: "/v1/models/none", method: .get)
            let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(text.contains(#"lmarena2api_http_requests_total{route="/v1/chat/completions",status="200"} 60"#))
            #expect(text.contains(#"lmarena2api_http_requests_total{route="/v1/models/{model}",status="404"} 1"#))
            #expect(text.contains(#"lmarena2api_upstream_attempts_total{outcome="success"} 60"#))
            #expect(text.contains(#"lmarena2api_upstream_attempts_total{outcome="upstream_rate_limited"} 1"#))
            #expect(text.contains(#"lmarena2api_upstream_attempts_total{outcome="session_invalid"} 1"#))
            #expect(text.contains(#"lmarena2api_sessions{state="healthy"} 1"#))
            #expect(text.contains(#"lmarena2api_sessions{state="cooling_down"} 1"#))
            #expect(text.contains(#"lmarena2api_sessions{state="disabled"} 1"#))
            #expect(text.contains("lmarena2api_time_to_first_token_seconds_count 60"))
            #expect(text.contains(#"lmarena2api_answer_duration_seconds_bucket{le="+Inf"} 60"#))
            #expect(text.contains("# TYPE lmarena2api_time_to_first_token_seconds histogram"))
            let resident = text.split(separator: "\n").first { $0.hasPrefix("process_resident_memory_bytes ") }
            #expect((resident?.split(separator: " ").last).flatMap { Int($0) }.map { $0 > 1_000_000 } == true)
            let heap = text.split(separator: "\n").first { $0.hasPrefix("lmarena2api_heap_in_use_bytes ") }
            #expect((heap?.split(separator: " ").last).flatMap { Int($0) }.map { $0 > 0 } == true, "glibc reports the heap in use")
        }
    }

    @Test func debugLogsCarryUpstreamDetailWithoutCredentials() async throws {
        let capture = LogCapture()
        let secret = "base64-debugSessionSecretValue0123456789"
        let clearance = "debugClearanceSecret0123456789abcdef"
        try await Self.app(
            {
                $0.sessions = ArenaSession.parseList(secret)
                $0.cfClearance = clearance
                $0.recaptchaToken = "debugRecaptchaTokenSecret0123456789"
            }, logger: capture.logger(level: .debug)
        ).test(.router) { client in
            let body = ByteBuffer(string: #"{"model":"gpt-4.1-2025-04-14","stream":true,"messages":[{"role":"user","content":"Say hello"}]}"#)
            let response = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: Self.json, body: body)
            #expect(response.status == .ok)
        }
        let lines = capture.messages
        #expect(lines.contains { $0.contains("upstream request") })
        #expect(lines.contains { $0.contains("upstream chunk") })
        for value in [secret, clearance, "debugRecaptchaTokenSecret0123456789"] {
            #expect(!lines.contains { $0.contains(value) }, "a debug line holds a credential")
        }
    }
}

/// `/readyz` said ready while lmarena refused every connection.
struct ReadinessTests {
    /// A transport whose every connection is refused.
    struct RefusingTransport: ArenaTransport {
        func send(_ request: ArenaRequest) async throws -> ArenaResponse {
            throw ArenaTransportError(.connect, "connection refused (127.0.0.1:9)")
        }
    }

    @Test func notReadyWhileLmarenaRefusesConnections() async throws {
        let app = try GatewayHarness.application(configuration: GatewayHarness.configuration(), transport: RefusingTransport())
        try await app.test(.router) { client in
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok, "nothing known yet")
            let chat = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"user","content":"Say hello"}]}"#))
            #expect(chat.status.code >= 500)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect(String(buffer: ready.body).contains("lmarena cannot be reached") && String(buffer: ready.body).contains("connection refused"))
        }
    }

    @Test func reachabilityForgetsAFailureOnceAnAnswerCameOrAMinutePassed() {
        let start = ContinuousClock.now
        var reach = UpstreamReachability()
        #expect(reach.problem(at: start) == nil)
        reach.unreachable("refused", at: start)
        #expect(reach.problem(at: start.advanced(by: .seconds(30))) == "refused")
        #expect(reach.problem(at: start.advanced(by: .seconds(61))) == nil)
        reach.reached()
        #expect(reach.problem(at: start) == nil)
    }
}
