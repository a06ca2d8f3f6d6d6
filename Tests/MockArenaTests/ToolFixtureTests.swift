import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockArena
import NIOCore
import TestSupport
import Testing

/// The bundled `fixtures/tools/` answer requests exactly as the gateway writes them: the
/// generator mirrors the prompt instructions, and these tests fail when the two drift apart.
/// The SDK tests (Tests/sdk) use the same fixtures through the demo.
struct ToolFixtureTests {
    static let tools =
        #"[{"type":"function","function":{"name":"get_weather","description":"Current weather in a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]"#

    static func post(_ body: String) async throws -> (status: HTTPResponse.Status, text: String) {
        let app = try GatewayHarness.application(
            configuration: GatewayHarness.configuration(), transport: ReplayTransport(replayer: try FixtureCorpus.replayer()))
        return try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
            return (response.status, String(buffer: response.body))
        }
    }

    static func message(_ text: String) throws -> (message: [String: Any], finish: String?) {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let choice = try #require((object["choices"] as? [[String: Any]])?.first, "\(text)")
        return (try #require(choice["message"] as? [String: Any]), choice["finish_reason"] as? String)
    }

    @Test func theWeatherCallFixtureAnswersWithAToolCall() async throws {
        let body = #"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"user","content":"What is the weather in Paris?"}],"tools":\#(Self.tools)}"#
        let result = try await Self.post(body)
        #expect(result.status == .ok, "the fixture's prompt no longer matches what the gateway sends: \(result.text)")
        let (message, finish) = try Self.message(result.text)
        #expect(finish == "tool_calls")
        let call = try #require((message["tool_calls"] as? [[String: Any]])?.first?["function"] as? [String: Any])
        #expect(call["name"] as? String == "get_weather" && call["arguments"] as? String == #"{"city":"Paris"}"#)
        #expect(message["content"] as? String == "Let me check. ")
    }

    @Test func theToolResultGoesBackUpAndTheModelAnswers() async throws {
        let body = """
            {"model":"gpt-4.1-2025-04-14","tools":\(Self.tools),"messages":[{"role":"user","content":"What is the weather in Paris?"},
             {"role":"assistant","content":null,"tool_calls":[{"id":"call_weather_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\": \\"Paris\\"}"}}]},
             {"role":"tool","tool_call_id":"call_weather_1","content":"{\\"temperature_c\\": 21, \\"sky\\": \\"sunny\\"}"}]}
            """
        let result = try await Self.post(body)
        #expect(result.status == .ok, "\(result.text)")
        #expect(try Self.message(result.text).message["content"] as? String == "It is 21 C and sunny in Paris.")
    }

    @Test func theJSONFixtureAnswersJSONWithoutItsFence() async throws {
        let body =
            #"{"model":"gpt-4.1-2025-04-14","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"Name a capital city and its country as JSON."}]}"#
        let result = try await Self.post(body)
        #expect(result.status == .ok, "\(result.text)")
        #expect(try Self.message(result.text).message["content"] as? String == #"{"city": "Paris", "country": "France"}"#)
    }
}
