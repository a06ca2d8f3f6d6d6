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

/// `POST /v1/responses`, collected and streamed, with text, reasoning-free answers, tool calls
/// and JSON, against answers to exactly the prompt the gateway sends.
struct ResponsesAPITests {
    static let model = SessionFixtures.model

    static func app(for body: String, answer: String) throws -> some ApplicationProtocol {
        let request = try ResponsesRequest.decode(ByteBuffer(string: body))
        let prompt = ConversationPrompt.flatten(PromptInstructions.messages(for: request.chat))
        let entry = try SessionFixtures.answer(prompt: prompt, cookie: nil, text: answer)
        let store = FixtureStore(entries: FixtureStore.entries(of: HARFile(log: HARLog(fixture: nil, entries: [entry])), named: "responses.har"))
        return try GatewayHarness.application(
            configuration: GatewayHarness.configuration(), transport: ReplayTransport(replayer: FixtureReplayer(store: store)))
    }

    static func post(_ client: some TestClientProtocol, _ body: String, uri: String = "/v1/responses") async throws -> (
        status: HTTPResponse.Status, text: String
    ) {
        let response = try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
        return (response.status, String(buffer: response.body))
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The `data:` objects of an event stream, in order.
    static func events(_ text: String) throws -> [[String: Any]] {
        try text.components(separatedBy: "\n").filter { $0.hasPrefix("data: ") }.map { try json(String($0.dropFirst(6))) }
    }

    @Test func aTextAnswerIsAResponseWithOneMessage() async throws {
        let body = #"{"model":"\#(Self.model)","input":"Say hi","instructions":"Be brief."}"#
        try await Self.app(for: body, answer: "Hi there.").test(.router) { client in
            let result = try await Self.post(client, body)
            #expect(result.status == .ok, "\(result.text)")
            let object = try Self.json(result.text)
            for key in [
                "id", "object", "created_at", "error", "incomplete_details", "instructions", "model", "tools", "output", "parallel_tool_calls",
                "metadata", "tool_choice", "temperature", "top_p",
            ] {
                #expect(object.keys.contains(key), "the response lacks \(key)")
            }
            #expect(object["object"] as? String == "response" && object["status"] as? String == "completed")
            #expect((object["id"] as? String)?.hasPrefix("resp_") == true && object["instructions"] as? String == "Be brief.")
            let output = try #require(object["output"] as? [[String: Any]])
            #expect(output.count == 1 && output[0]["type"] as? String == "message" && output[0]["role"] as? String == "assistant")
            let content = try #require((output[0]["content"] as? [[String: Any]])?.first)
            #expect(content["type"] as? String == "output_text" && content["text"] as? String == "Hi there.")
            let usage = try #require(object["usage"] as? [String: Any])
            #expect(
                (usage["output_tokens"] as? Int ?? 0) > 0
                    && usage["total_tokens"] as? Int == (usage["input_tokens"] as? Int ?? 0) + (usage["output_tokens"] as? Int ?? 0))
            // OpenAI's description requires both details of the input tokens.
            let inputDetails = try #require(usage["input_tokens_details"] as? [String: Any])
            #expect(inputDetails["cached_tokens"] as? Int == 0 && inputDetails["cache_write_tokens"] as? Int == 0)
            #expect((usage["output_tokens_details"] as? [String: Any])?["reasoning_tokens"] as? Int == 0)
        }
    }

    @Test func aStreamSendsTheEventsInTheOrderTheSDKExpects() async throws {
        let body = #"{"model":"\#(Self.model)","input":"Say hi","stream":true}"#
        try await Self.app(for: body, answer: "Hi there.").test(.router) { client in
            let events = try Self.events(try await Self.post(client, body).text)
            #expect(
                events.compactMap { $0["type"] as? String } == [
                    "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
                    "response.output_text.delta", "response.output_text.done", "response.content_part.done", "response.output_item.done",
                    "response.completed",
                ])
            #expect(events.compactMap { $0["sequence_number"] as? Int } == Array(0..<events.count))
            let done = try #require(events.last?["response"] as? [String: Any])
            #expect(((done["output"] as? [[String: Any]])?.first?["content"] as? [[String: Any]])?.first?["text"] as? String == "Hi there.")
        }
    }

    @Test func functionToolsAreCalledAndTheirOutputsGoBackUp() async throws {
        let tools =
            #"[{"type":"function","name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]"#
        let input =
            #"[{"role":"user","content":"Weather?"},{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Oslo\"}"},{"type":"function_call_output","call_id":"call_1","output":"-3C"},{"role":"user","content":[{"type":"input_text","text":"And Paris?"}]}]"#
        let answer = #"<tool_call>{"name":"get_weather","arguments":{"city":"Paris"}}</tool_call>"#
        for stream in [false, true] {
            let body = #"{"model":"\#(Self.model)","input":\#(input),"tools":\#(tools),"stream":\#(stream)}"#
            let request = try ResponsesRequest.decode(ByteBuffer(string: body))
            let prompt = ConversationPrompt.flatten(PromptInstructions.messages(for: request.chat))
            #expect(
                prompt.contains("<tool_result id=\"call_1\">\n-3C\n</tool_result>")
                    && prompt.contains(#"{"arguments":{"city":"Oslo"},"name":"get_weather"}"#))
            try await Self.app(for: body, answer: answer).test(.router) { client in
                let text = try await Self.post(client, body).text
                let object = stream ? try #require(try Self.events(text).last?["response"] as? [String: Any]) : try Self.json(text)
                let output = try #require(object["output"] as? [[String: Any]])
                #expect(output.count == 1 && output[0]["type"] as? String == "function_call", "\(output)")
                #expect(output[0]["name"] as? String == "get_weather" && output[0]["arguments"] as? String == #"{"city":"Paris"}"#)
                #expect((output[0]["call_id"] as? String)?.hasPrefix("call_") == true)
                if stream {
                    let types = try Self.events(text).compactMap { $0["type"] as? String }
                    #expect(types.contains("response.function_call_arguments.delta") && types.contains("response.function_call_arguments.done"))
                }
            }
        }
    }

    @Test func jsonFormatsAndWhatIsNotStored() async throws {
        let body =
            #"{"model":"\#(Self.model)","input":"A city","text":{"format":{"type":"json_schema","name":"c","strict":true,"schema":{"type":"object","required":["name"]}}}}"#
        try await Self.app(for: body, answer: "```json\n{\"name\":\"Rome\"}\n```").test(.router) { client in
            let object = try Self.json(try await Self.post(client, body).text)
            let content = ((object["output"] as? [[String: Any]])?.first?["content"] as? [[String: Any]])?.first
            #expect(content?["text"] as? String == #"{"name":"Rome"}"#)
            let previous = try await Self.post(client, #"{"model":"\#(Self.model)","input":"x","previous_response_id":"resp_1"}"#)
            #expect(previous.status == .badRequest && previous.text.contains("previous_response_id") && previous.text.contains("whole conversation"))
            let fetched = try await client.execute(uri: "/v1/responses/resp_1", method: .get)
            #expect(fetched.status == .notFound && String(buffer: fetched.body).contains("response_not_found"))
            let unknown = try await Self.post(client, #"{"model":"\#(Self.model)","input":"x","frobnicate":true}"#)
            #expect(unknown.status == .badRequest && unknown.text.contains("frobnicate"))
        }
    }
}
