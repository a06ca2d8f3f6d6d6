import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import MockArena
@testable import OpenAISurface
@testable import Recorder

/// Tools, structured output, limits and `n` through the whole gateway, against answers whose
/// request side is exactly what the gateway sends for the request (prompt instructions included).
struct ToolCallingTests {
    static let model = SessionFixtures.model
    static let weatherTool =
        #"[{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]"#

    /// A gateway whose upstream answers `body`'s prompt with `answer`.
    static func app(for body: String, answer: String) throws -> some ApplicationProtocol {
        let chat = try ChatCompletionRequest.decode(ByteBuffer(string: body))
        let prompt = ConversationPrompt.flatten(PromptInstructions.messages(for: chat))
        let entry = try SessionFixtures.answer(prompt: prompt, cookie: nil, text: answer)
        let store = FixtureStore(entries: FixtureStore.entries(of: HARFile(log: HARLog(fixture: nil, entries: [entry])), named: "tools.har"))
        return try GatewayHarness.application(
            configuration: GatewayHarness.configuration(), transport: ReplayTransport(replayer: FixtureReplayer(store: store)))
    }

    static func post(_ client: some TestClientProtocol, _ body: String) async throws -> (status: HTTPResponse.Status, text: String) {
        let response = try await client.execute(
            uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
        return (response.status, String(buffer: response.body))
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aToolCallBlockBecomesToolCallsCollectedAndStreamed() async throws {
        let answer = #"I will check. <tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call>"#
        for stream in [false, true] {
            let body =
                #"{"model":"\#(Self.model)","stream":\#(stream),"messages":[{"role":"user","content":"Weather in Paris?"}],"tools":\#(Self.weatherTool)}"#
            try await Self.app(for: body, answer: answer).test(.router) { client in
                let result = try await Self.post(client, body)
                #expect(result.status == .ok, "\(result.text)")
                if stream {
                    let frames = result.text.split(separator: "\n").filter { $0.hasPrefix("data: {") }.map { try! Self.json(String($0.dropFirst(6))) }
                    let deltas = frames.compactMap { ($0["choices"] as? [[String: Any]])?.first }
                    let calls = deltas.compactMap { ($0["delta"] as? [String: Any])?["tool_calls"] as? [[String: Any]] }.flatMap { $0 }
                    #expect(calls.count == 1)
                    let function = try #require(calls.first?["function"] as? [String: Any])
                    #expect(function["name"] as? String == "get_weather" && function["arguments"] as? String == #"{"city":"Paris"}"#)
                    #expect((calls.first?["id"] as? String)?.hasPrefix("call_") == true && calls.first?["index"] as? Int == 0)
                    #expect(deltas.last?["finish_reason"] as? String == "tool_calls")
                    let text = deltas.compactMap { ($0["delta"] as? [String: Any])?["content"] as? String }.joined()
                    #expect(text == "I will check. ")
                    #expect(!result.text.contains("<tool_call>"))
                    #expect(result.text.hasSuffix("data: [DONE]\n\n"))
                } else {
                    let object = try Self.json(result.text)
                    let choice = try #require((object["choices"] as? [[String: Any]])?.first)
                    let message = try #require(choice["message"] as? [String: Any])
                    let calls = try #require(message["tool_calls"] as? [[String: Any]])
                    #expect(calls.count == 1 && calls[0]["type"] as? String == "function")
                    #expect((calls[0]["function"] as? [String: Any])?["arguments"] as? String == #"{"city":"Paris"}"#)
                    #expect(message["content"] as? String == "I will check. ")
                    #expect(choice["finish_reason"] as? String == "tool_calls")
                    #expect(object["system_fingerprint"] == nil)
                }
            }
        }
    }

    @Test func aJSONAnswerIsExtractedAndAViolationIsA502() async throws {
        let format =
            #"{"type":"json_schema","json_schema":{"name":"city","strict":true,"schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}"#
        let body = #"{"model":"\#(Self.model)","messages":[{"role":"user","content":"A city, as JSON"}],"response_format":\#(format)}"#
        try await Self.app(for: body, answer: "```json\n{\"name\": \"Paris\"}\n```").test(.router) { client in
            let result = try await Self.post(client, body)
            let message = try #require(((try Self.json(result.text))["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])
            #expect(message["content"] as? String == #"{"name": "Paris"}"#)
        }
        try await Self.app(for: body, answer: #"{"population": 2}"#).test(.router) { client in
            let result = try await Self.post(client, body)
            #expect(result.status == .badGateway)
            #expect(result.text.contains("invalid_json_output") && result.text.contains("the required key 'name' is missing"))
        }
    }

    @Test func stopAndMaxTokensEndTheAnswerWithTheirFinishReasons() async throws {
        let stopBody = #"{"model":"\#(Self.model)","messages":[{"role":"user","content":"Count"}],"stop":["three"]}"#
        try await Self.app(for: stopBody, answer: "one two three four").test(.router) { client in
            let message = try #require(((try Self.json(try await Self.post(client, stopBody).text))["choices"] as? [[String: Any]])?.first)
            #expect((message["message"] as? [String: Any])?["content"] as? String == "one two ")
            #expect(message["finish_reason"] as? String == "stop")
        }
        let limitBody = #"{"model":"\#(Self.model)","stream":true,"messages":[{"role":"user","content":"Count"}],"max_tokens":2}"#
        try await Self.app(for: limitBody, answer: "one two three four").test(.router) { client in
            let text = try await Self.post(client, limitBody).text
            #expect(text.contains(#""content":"one two "#) && !text.contains("three"))
            #expect(text.contains(#""finish_reason":"length""#))
        }
    }

    @Test func nChoicesAreGeneratedAtOnce() async throws {
        let body = #"{"model":"\#(Self.model)","messages":[{"role":"user","content":"Twice"}],"n":3}"#
        try await Self.app(for: body, answer: "Same again.").test(.router) { client in
            let object = try Self.json(try await Self.post(client, body).text)
            let choices = try #require(object["choices"] as? [[String: Any]])
            #expect(choices.map { $0["index"] as? Int } == [0, 1, 2])
            #expect(choices.allSatisfy { ($0["message"] as? [String: Any])?["content"] as? String == "Same again." })
        }
    }
}
