import ArenaWire
import AsyncHTTPClient
import Foundation
import MockArena
import NIOCore
import NIOHTTP1
import ProxyServer
import TestSupport
import Testing

/// The 2026 facts through MockArena and the gateway as real servers, as a new user meets them.
@Suite(.serialized)
struct Arena2026EndToEndTests {
    static func get(_ url: String) async throws -> (status: Int, headers: HTTPHeaders, text: String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers, String(buffer: body))
    }

    static func chat(port: Int, model: String, prompt: String) async throws -> (status: Int, headers: HTTPHeaders, text: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: LiveStack.chatBody(model: model, prompt: prompt, stream: false)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers, String(buffer: body))
    }

    @Test func aPromptFailedIsFollowedAtOnceByANormalAnswerWithOneSession() async throws {
        let replayer = try FixtureCorpus.replayer()
        let logs = LogCapture()
        let configuration = GatewayHarness.configuration { $0.sessions = ArenaSession.parseList("only-session") }
        try await LiveStack.with(replayer: replayer, speed: 0, configuration: configuration, logger: logs.logger()) { port in
            let first = try await Self.chat(port: port, model: "gemini-2.0-flash-001", prompt: "A prompt lmarena refuses once")
            #expect(first.status == 502)
            #expect(first.text.contains(#""code":"prompt_failed""#))
            let second = try await Self.chat(port: port, model: "gemini-2.0-flash-001", prompt: "A prompt lmarena refuses once")
            #expect(second.status == 200, "the session did not rest: \(second.text)")
            #expect(second.text.contains("Answered after prompt failed."))
        }
        #expect(logs.lines(containing: "cooling down").isEmpty, "a prompt failed is not a rate limit")
    }

    @Test func aPromptFailedIsRepeatedOnceWithAFreshPooledToken() async throws {
        let replayer = try FixtureCorpus.replayer(recaptchaPrefix: "valid-")
        let configuration = GatewayHarness.configuration {
            $0.sessions = ArenaSession.parseList("only-session")
            $0.recaptchaToken = nil
            $0.adminSecret = "admin-key"
            $0.recaptchaWait = .seconds(1)
        }
        try await LiveStack.with(replayer: replayer, speed: 0, configuration: configuration) { port in
            var feed = HTTPClientRequest(url: "http://127.0.0.1:\(port)/admin/recaptcha-tokens")
            feed.method = .POST
            feed.headers.add(name: "authorization", value: "Bearer admin-key")
            feed.headers.add(name: "content-type", value: "application/json")
            feed.body = .bytes(ByteBuffer(string: #"{"tokens":["valid-a","valid-b"]}"#))
            _ = try await HTTPClient.shared.execute(feed, timeout: .seconds(10))
            let answer = try await Self.chat(port: port, model: "gemini-2.0-flash-001", prompt: "A prompt lmarena refuses once")
            #expect(answer.status == 200, "\(answer.text)")
            let metrics = try await Self.get("http://127.0.0.1:\(port)/metrics")
            #expect(metrics.text.contains("lmarena2api_recaptcha_tokens 0"), "both tokens were used, each once")
        }
        #expect(replayer.servedCount("capture/prompt-failed.har#0") == 1)
        #expect(replayer.servedCount("capture/prompt-failed.har#1") == 1)
    }

    @Test func aUsedUpWindowRestsTheSessionBeforeAny429() async throws {
        let logs = LogCapture()
        let configuration = GatewayHarness.configuration { $0.sessions = ArenaSession.parseList("doomed-session") }
        try await LiveStack.with(replayer: try FixtureCorpus.replayer(), speed: 0, configuration: configuration, logger: logs.logger()) { port in
            let first = try await Self.chat(port: port, model: "qwen3-235b-a22b", prompt: "Use up the window")
            #expect(first.status == 200)
            let metrics = try await Self.get("http://127.0.0.1:\(port)/metrics")
            #expect(metrics.text.contains(#"lmarena2api_session_ratelimit_remaining{session="1"} 0"#), "labelled by number, never by cookie")
            #expect(!metrics.text.contains("doomed-session"))
            let second = try await Self.chat(port: port, model: "qwen3-235b-a22b", prompt: "Use up the window")
            #expect(second.status == 429)
            #expect(second.text.contains("sessions_rate_limited"))
            let retryAfter = Int(second.headers.first(name: "retry-after") ?? "") ?? 0
            #expect((270...275).contains(retryAfter), "rests until the window's reset: \(retryAfter)")
        }
        #expect(logs.lines(containing: "rate-limit window").count == 1, "one log line")
    }

    @Test func aWholeCookieHeaderPastedIntoLACookieIsSentAsTheSiteNeedsIt() async throws {
        let replayer = try FixtureCorpus.replayer()
        let pasted = "Cookie: _ga=GA1.1.1; arena-auth-prod-v1=demo-session-3; cf_clearance=pasted-clearance; user_country_code=DE; theme=dark"
        let configuration = GatewayHarness.configuration { $0.sessions = ArenaSession.parseList(pasted) }
        try await LiveStack.with(replayer: replayer, speed: 0, configuration: configuration) { port in
            // pool/failover answers only requests whose Cookie holds arena-auth-prod-v1=demo-session-3.
            let answer = try await Self.chat(port: port, model: "gpt-4.1-2025-04-14", prompt: "Fail over between sessions")
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.text.contains("Answered by the third session."))
        }
        #expect(replayer.servedCount("pool/failover.har#3") == 1)
    }

    @Test func aRedirectIsNeverFollowedAndNamesWhereItPoints() async throws {
        try await LiveStack.with(replayer: try FixtureCorpus.replayer(), speed: 0, configuration: GatewayHarness.configuration()) { port in
            let answer = try await Self.chat(port: port, model: "gpt-4.1-2025-04-14", prompt: "Follow the old domain")
            #expect(answer.status == 502)
            #expect(answer.text.contains("upstream_redirect"))
            #expect(answer.text.contains("https://arena.ai/nextjs-api/stream/create-evaluation"))
            #expect(answer.text.contains("LMARENA_BASE_URL (now http://127.0.0.1:"))
        }
    }
}
