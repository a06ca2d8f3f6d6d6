import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockArena
import NIOCore
import ProxyServer
import TestSupport
import Testing

/// Bad requests get OpenAI-shaped errors with the right status, and the server keeps serving.
struct GatewayRequestErrorTests {
    static let json: HTTPFields = [.contentType: "application/json"]
    static let good = #"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"user","content":"Say hello"}]}"#

    static func app(_ change: (inout ProxyConfiguration) -> Void = { _ in }) throws -> some ApplicationProtocol {
        try GatewayHarness.application(
            configuration: GatewayHarness.configuration(change: change), transport: ReplayTransport(replayer: try FixtureCorpus.replayer()))
    }

    @Test func everyBadRequestIsAnsweredAndTheServerKeepsServing() async throws {
        let big = #"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"user","content":""# + String(repeating: "x", count: 5000) + #""}]}"#
        let cases: [(body: String, status: Int, code: String?, param: String?)] = [
            ("{not json", 400, "invalid_json", nil),
            (#"{"model":"gpt-4.1-2025-04-14"}"#, 400, "missing_required_parameter", "messages"),
            (#"{"model":"no-such-model","messages":[{"role":"user","content":"x"}]}"#, 404, "model_not_found", "model"),
            (big, 413, "request_too_large", nil),
            (#"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"user","content":"Nothing matches this"}]}"#, 502, "upstream_error", nil),
        ]
        try await Self.app { $0.maxRequestBytes = 4096 }.test(.router) { client in
            for item in cases {
                let response = try await client.execute(
                    uri: "/v1/chat/completions", method: .post, headers: Self.json, body: ByteBuffer(string: item.body))
                #expect(Int(response.status.code) == item.status, "\(item.body.prefix(60))")
                #expect(response.headers[.contentType] == "application/json")
                let error = try ErrorBody(response.body)
                #expect(error.code == item.code)
                #expect(error.param == item.param)
                let after = try await client.execute(
                    uri: "/v1/chat/completions", method: .post, headers: Self.json, body: ByteBuffer(string: Self.good))
                #expect(after.status == .ok, "the server answers normally after a \(item.status)")
            }
        }
    }

    @Test func aMissNamesTheClosestFixtureAndTheField() async throws {
        try await Self.app().test(.router) { client in
            let body = #"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"user","content":"Say hello!"}]}"#
            let response = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: Self.json, body: ByteBuffer(string: body))
            let error = try ErrorBody(response.body)
            #expect(error.message.contains("chat/short.har#0"))
            #expect(error.message.contains("user message"))
            #expect(
                error.message.contains(#"expected \"Say hello\", got \"Say hello!\""#)
                    || error.message.contains(#"expected "Say hello", got "Say hello!""#))
        }
    }

    @Test func unknownRoutesAndMethodsAreOpenAIErrors() async throws {
        try await Self.app().test(.router) { client in
            let missing = try await client.execute(uri: "/v1/completions", method: .post)
            #expect(missing.status == .notFound)
            #expect(try ErrorBody(missing.body).code == "unknown_url")
            let model = try await client.execute(uri: "/v1/models/none", method: .get)
            #expect(model.status == .notFound)
            #expect(try ErrorBody(model.body).code == "model_not_found")
        }
    }

    @Test func noSessionConfiguredIs503WithWhatToDo() async throws {
        try await Self.app { $0.sessions = [] }.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: Self.json, body: ByteBuffer(string: Self.good))
            #expect(response.status == .serviceUnavailable)
            let error = try ErrorBody(response.body)
            #expect(error.code == "no_session_configured")
            #expect(error.message.contains("LA_COOKIE"))
        }
    }

    @Test func modelsListsTheRegistryInOpenAIsShape() async throws {
        try await Self.app().test(.router) { client in
            let response = try await client.execute(uri: "/v1/models", method: .get)
            #expect(response.status == .ok)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
            #expect(object["object"] as? String == "list")
            let data = try #require(object["data"] as? [[String: Any]])
            #expect(data.count == 37)
            #expect(data.allSatisfy { $0["object"] as? String == "model" && $0["id"] is String && $0["owned_by"] is String && $0["created"] is Int })
            let one = try await client.execute(uri: "/v1/models/dall-e-3", method: .get)
            #expect(String(buffer: one.body).contains(#""id":"dall-e-3""#))
        }
    }

    @Test func apiKeysAreRequiredWhenConfigured() async throws {
        try await Self.app { $0.apiSecrets = ["key-one", "key-two"] }.test(.router) { client in
            let none = try await client.execute(uri: "/v1/models", method: .get)
            #expect(none.status == .unauthorized)
            #expect(try ErrorBody(none.body).code == "invalid_api_key")
            let wrong = try await client.execute(uri: "/v1/models", method: .get, headers: [.authorization: "Bearer key-three"])
            #expect(wrong.status == .unauthorized)
            #expect(try ErrorBody(wrong.body).message.contains("key-three") == false)
            for key in ["key-one", "key-two"] {
                let right = try await client.execute(uri: "/v1/models", method: .get, headers: [.authorization: "Bearer \(key)"])
                #expect(right.status == .ok)
            }
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
        }
    }

    @Test(arguments: ["hf", "/hf", "/hf/"])
    func routePrefixMovesTheAPI(prefix: String) async throws {
        try await Self.app { $0.routePrefix = ProxyConfiguration.prefix(prefix) }.test(.router) { client in
            #expect(try await client.execute(uri: "/hf/v1/models", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/v1/models", method: .get).status == .notFound)
            let chat = try await client.execute(
                uri: "/hf/v1/chat/completions", method: .post, headers: Self.json, body: ByteBuffer(string: Self.good))
            #expect(chat.status == .ok)
        }
    }
}
