import ArenaWire
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockArena
import NIOCore
import ProxyServer
import TestSupport
import Testing

/// The token pool end to end in process: MockArena accepts only tokens starting `valid-`, once.
struct RecaptchaTests {
    static let json: HTTPFields = [.contentType: "application/json"]
    static let chat = ByteBuffer(string: #"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"user","content":"Say hello"}]}"#)

    static func app(_ change: (inout ProxyConfiguration) -> Void = { _ in }) throws -> some ApplicationProtocol {
        try GatewayHarness.application(
            configuration: GatewayHarness.configuration {
                $0.recaptchaToken = nil
                $0.adminSecret = "admin-key"
                $0.apiSecrets = ["api-key"]
                $0.recaptchaWait = .milliseconds(300)
                change(&$0)
            },
            transport: ReplayTransport(replayer: try FixtureCorpus.replayer(recaptchaPrefix: "valid-")))
    }

    static func feed(_ client: some TestClientProtocol, _ tokens: [String], key: String = "admin-key") async throws -> TestResponse {
        let body = try JSONSerialization.data(withJSONObject: ["tokens": tokens])
        return try await client.execute(
            uri: "/admin/recaptcha-tokens", method: .post, headers: [.contentType: "application/json", .authorization: "Bearer \(key)"],
            body: ByteBuffer(bytes: body))
    }

    static func ask(_ client: some TestClientProtocol) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json", .authorization: "Bearer api-key"], body: chat)
    }

    @Test func pooledTokensAreUsedOnceThenTheRequestWaitsAndGives503() async throws {
        try await Self.app().test(.router) { client in
            let fed = try await Self.feed(client, ["valid-1", "valid-2"])
            #expect(String(buffer: fed.body) == #"{"accepted":2,"pooled":2}"#)
            let first = try await Self.ask(client)
            let second = try await Self.ask(client)
            #expect(first.status == .ok && second.status == .ok)
            let third = try await Self.ask(client)
            #expect(third.status == .serviceUnavailable)
            #expect(String(buffer: third.body).contains("recaptcha_unavailable"))
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains("lmarena2api_recaptcha_tokens 0"))
        }
    }

    @Test func aRejectedTokenRestsItsAccountAndTheNextTokenIsTriedOnAnother() async throws {
        try await Self.app { $0.sessions = ArenaSession.parseList("test-session-value,second-session-value") }.test(.router) { client in
            _ = try await Self.feed(client, ["expired-1", "valid-3"])
            let answer = try await Self.ask(client)
            #expect(answer.status == .ok, "the first token was rejected, the second accepted")
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains("lmarena2api_recaptcha_tokens 0"))
            #expect(metrics.contains(#"lmarena2api_upstream_attempts_total{outcome="recaptcha_rejected"} 1"#))
            // lmarena's "recaptcha validation failed" is a penalty on the account that sent it.
            let penalties = metrics.split(separator: "\n").filter { $0.hasPrefix("lmarena2api_session_penalties_total{") }
            #expect(penalties.filter { $0.hasSuffix(" 1") }.count == 1 && penalties.count == 2, "\(penalties)")
        }
    }

    @Test func aRejectedTokenOnTheOnlyAccountRestsItAndTheRequestGets503() async throws {
        try await Self.app().test(.router) { client in
            _ = try await Self.feed(client, ["expired-1", "valid-3"])
            let answer = try await Self.ask(client)
            #expect(answer.status == .serviceUnavailable)
            #expect(String(buffer: answer.body).contains("recaptcha_rejected"))
        }
    }

    @Test func aRequestWaitsForATokenThatArrives() async throws {
        try await Self.app { $0.recaptchaWait = .seconds(5) }.test(.router) { client in
            async let answer = Self.ask(client)
            try await Task.sleep(for: .milliseconds(300))
            _ = try await Self.feed(client, ["valid-late"])
            #expect(try await answer.status == .ok)
        }
    }

    @Test func theEndpointNeedsTheAdminKeyNotTheAPIKey() async throws {
        try await Self.app().test(.router) { client in
            #expect(try await Self.feed(client, ["valid-x"], key: "api-key").status == .unauthorized)
            #expect(try await Self.feed(client, ["valid-x"], key: "wrong").status == .unauthorized)
            let empty = try await client.execute(
                uri: "/admin/recaptcha-tokens", method: .post, headers: [.authorization: "Bearer admin-key"],
                body: ByteBuffer(string: #"{"tokens":[]}"#))
            #expect(empty.status == .badRequest)
        }
        try await Self.app { $0.adminSecret = nil }.test(.router) { client in
            let off = try await Self.feed(client, ["valid-x"])
            #expect(off.status == .notFound)
            #expect(String(buffer: off.body).contains("ADMIN_SECRET"))
        }
    }

    @Test func aStaticTokenIsNotRetriedWhenRejected() async throws {
        try await Self.app { $0.recaptchaToken = "valid-static" }.test(.router) { client in
            #expect(try await Self.ask(client).status == .ok)
            let reused = try await Self.ask(client)
            #expect(reused.status == .serviceUnavailable)
            #expect(String(buffer: reused.body).contains("recaptcha_rejected"))
        }
    }
}
