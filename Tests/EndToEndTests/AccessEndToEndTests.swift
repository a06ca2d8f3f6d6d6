import AsyncHTTPClient
import Foundation
import MockArena
import NIOCore
import NIOHTTP1
import ProxyServer
import TestSupport
import Testing

/// Per-IP limits and CORS over real sockets (a peer address only exists there).
struct AccessEndToEndTests {
    static func get(_ url: String, headers: [(String, String)] = [], method: HTTPMethod = .GET) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        return try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    }

    /// Guards against a defect found by an attack run: the admin key could be guessed at full speed.
    @Test func theAdminRouteIsRateLimitedLikeEveryRoute() async throws {
        let configuration = GatewayHarness.configuration {
            $0.requestRateLimit = 5
            $0.adminSecret = "the-admin-key"
        }
        try await LiveServer.with({ running in
            try GatewayHarness.application(
                configuration: configuration, transport: ReplayTransport(replayer: try FixtureCorpus.replayer()), onServerRunning: running)
        }) { port in
            var statuses: [UInt] = []
            for guess in 0..<8 {
                let response = try await Self.get(
                    "http://127.0.0.1:\(port)/admin/recaptcha-tokens", headers: [("Authorization", "Bearer guess-\(guess)")], method: .POST)
                statuses.append(response.status.code)
            }
            #expect(statuses == [401, 401, 401, 401, 401, 429, 429, 429])
            let api = try await Self.get("http://127.0.0.1:\(port)/v1/models")
            #expect(api.status == .tooManyRequests, "one window for the API and the admin routes")
        }
    }

    @Test func aBurstOverTheLimitGets429WithRetryAfterPerClient() async throws {
        let configuration = GatewayHarness.configuration {
            $0.requestRateLimit = 5
            $0.trustedProxies = try! TrustedProxies(parsing: "127.0.0.1")
        }
        try await LiveServer.with({ running in
            try GatewayHarness.application(
                configuration: configuration, transport: ReplayTransport(replayer: try FixtureCorpus.replayer()), onServerRunning: running)
        }) { port in
            var statuses: [UInt] = []
            for _ in 0..<7 {
                let response = try await Self.get("http://127.0.0.1:\(port)/v1/models", headers: [("X-Forwarded-For", "198.51.100.1")])
                statuses.append(response.status.code)
                if response.status == .tooManyRequests {
                    let retryAfter = try #require(response.headers.first(name: "retry-after").flatMap { Int($0) })
                    #expect((1...60).contains(retryAfter))
                    let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
                    #expect(body.contains("\"code\":\"rate_limit_exceeded\""))
                }
            }
            #expect(statuses == [200, 200, 200, 200, 200, 429, 429])
            let other = try await Self.get("http://127.0.0.1:\(port)/v1/models", headers: [("X-Forwarded-For", "198.51.100.2")])
            #expect(other.status == .ok, "another client behind the trusted proxy has its own window")
            let health = try await Self.get("http://127.0.0.1:\(port)/healthz", headers: [("X-Forwarded-For", "198.51.100.1")])
            #expect(health.status == .ok, "health checks are not limited")
        }
    }

    @Test func corsPreflightNeedsNoKeyAndEchoesTheHeaders() async throws {
        let configuration = GatewayHarness.configuration { $0.apiSecrets = ["secret-key"] }
        try await LiveServer.with({ running in
            try GatewayHarness.application(
                configuration: configuration, transport: ReplayTransport(replayer: try FixtureCorpus.replayer()), onServerRunning: running)
        }) { port in
            let preflight = try await Self.get(
                "http://127.0.0.1:\(port)/v1/chat/completions",
                headers: [
                    ("Origin", "https://chat.example"), ("Access-Control-Request-Method", "POST"),
                    ("Access-Control-Request-Headers", "authorization, content-type, x-stainless-os"),
                ], method: .OPTIONS)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers.first(name: "access-control-allow-origin") == "*")
            #expect(preflight.headers.first(name: "access-control-allow-headers") == "authorization, content-type, x-stainless-os")
            #expect(preflight.headers.first(name: "access-control-allow-methods")?.contains("POST") == true)
            let denied = try await Self.get("http://127.0.0.1:\(port)/v1/models", headers: [("Origin", "https://chat.example")])
            #expect(denied.status == .unauthorized)
            #expect(denied.headers.first(name: "access-control-allow-origin") == "*", "errors are readable cross-origin too")
        }
    }

    /// Guards against a defect found by an attack run: a keyless gateway could be driven by any web page.
    @Test func aKeylessGatewayServesNoOtherOriginUnlessListed() async throws {
        let replayer = try FixtureCorpus.replayer()
        let chat = LiveStack.chatBody(model: "gpt-4.1-2025-04-14", prompt: "Say hello", stream: false)
        try await LiveServer.with({ running in
            try GatewayHarness.application(
                configuration: GatewayHarness.configuration(), transport: ReplayTransport(replayer: replayer), onServerRunning: running)
        }) { port in
            let preflight = try await Self.get(
                "http://127.0.0.1:\(port)/v1/chat/completions",
                headers: [
                    ("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Private-Network", "true"),
                ], method: .OPTIONS)
            #expect(preflight.status == .forbidden)
            #expect(preflight.headers.first(name: "access-control-allow-origin") == nil)
            #expect(preflight.headers.first(name: "access-control-allow-private-network") == nil)
            // A "simple" POST needs no preflight: it must be refused before it reaches lmarena.
            var post = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
            post.method = .POST
            post.headers.add(name: "Origin", value: "https://evil.example")
            post.headers.add(name: "Content-Type", value: "text/plain")
            post.body = .bytes(ByteBuffer(string: chat))
            let refused = try await HTTPClient.shared.execute(post, timeout: .seconds(10))
            #expect(refused.status == .forbidden)
            #expect(String(buffer: try await refused.body.collect(upTo: 1 << 16)).contains("cross_origin_forbidden"))
            #expect(replayer.servedCount("chat/short.har#0") == 0, "nothing went upstream")
            let direct = try await LiveStack.post(port: port, body: chat)
            #expect(direct.status == 200, "clients that are not browsers send no Origin and are served")
        }
        let listed = GatewayHarness.configuration { $0.corsOrigins = CORSOrigins.parse("https://chat.example, https://other.example/") }
        try await LiveServer.with({ running in
            try GatewayHarness.application(
                configuration: listed, transport: ReplayTransport(replayer: try FixtureCorpus.replayer()), onServerRunning: running)
        }) { port in
            let preflight = try await Self.get(
                "http://127.0.0.1:\(port)/v1/chat/completions",
                headers: [
                    ("Origin", "https://chat.example"), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Private-Network", "true"),
                ], method: .OPTIONS)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers.first(name: "access-control-allow-origin") == "https://chat.example")
            #expect(preflight.headers.first(name: "access-control-allow-private-network") == "true")
            #expect(preflight.headers.first(name: "vary") == "Origin")
            let models = try await Self.get("http://127.0.0.1:\(port)/v1/models", headers: [("Origin", "https://other.example")])
            #expect(models.status == .ok && models.headers.first(name: "access-control-allow-origin") == "https://other.example")
            let other = try await Self.get("http://127.0.0.1:\(port)/v1/models", headers: [("Origin", "https://evil.example")])
            #expect(other.status == .forbidden)
        }
    }
}
