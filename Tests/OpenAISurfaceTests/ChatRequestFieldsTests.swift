import Foundation
import NIOCore
import Testing

@testable import OpenAISurface

/// No field of OpenAI's chat request is silently ignored: each is known, validated, and either
/// honoured, approximated, accepted without effect (listed in docs/API.md) or refused by name.
struct ChatRequestFieldsTests {
    /// The top-level fields of OpenAI's chat completion request (openai-python,
    /// `types/chat/completion_create_params.py`, 2026-08-21).
    static let openAIFields = [
        "messages", "model", "audio", "frequency_penalty", "function_call", "functions", "logit_bias", "logprobs",
        "max_completion_tokens", "max_tokens", "metadata", "modalities", "moderation", "n", "parallel_tool_calls", "prediction",
        "presence_penalty", "prompt_cache_key", "prompt_cache_options", "prompt_cache_retention", "reasoning_effort", "response_format",
        "safety_identifier", "seed", "service_tier", "stop", "store", "stream", "stream_options", "temperature", "tool_choice", "tools",
        "top_logprobs", "top_p", "user", "verbosity", "web_search_options",
    ]

    /// A value that asks for something, per field, and what the gateway must answer.
    static let used: [String: (value: String, refused: Bool)] = [
        "audio": (#"{"voice":"alloy","format":"mp3"}"#, true), "frequency_penalty": ("0.5", false),
        "function_call": (#""auto""#, false), "functions": (#"[{"name":"f"}]"#, false), "logit_bias": (#"{"50256":-100}"#, true),
        "logprobs": ("true", true), "max_completion_tokens": ("50", false), "max_tokens": ("50", false), "metadata": (#"{"k":"v"}"#, false),
        "modalities": (#"["text","audio"]"#, true), "moderation": (#"{"mode":"score"}"#, true), "n": ("2", false),
        "parallel_tool_calls": ("false", false), "prediction": (#"{"type":"content","content":"x"}"#, true), "presence_penalty": ("-1", false),
        "prompt_cache_key": (#""k""#, false), "prompt_cache_options": (#"{"mode":"implicit"}"#, false), "prompt_cache_retention": (#""24h""#, false),
        "reasoning_effort": (#""high""#, false), "response_format": (#"{"type":"json_object"}"#, false), "safety_identifier": (#""u1""#, false),
        "seed": ("7", false), "service_tier": (#""flex""#, false), "stop": (#"["END"]"#, false), "store": ("true", false), "stream": ("true", false),
        "stream_options": (#"{"include_usage":true}"#, false), "temperature": ("1.5", false), "tool_choice": (#""none""#, false),
        "tools": (#"[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]"#, false), "top_logprobs": ("3", true),
        "top_p": ("0.9", false), "user": (#""someone""#, false), "verbosity": (#""low""#, false),
        "web_search_options": (#"{"search_context_size":"low"}"#, true),
    ]

    static func request(_ field: String, _ value: String) -> String {
        #"{"model":"m","messages":[{"role":"user","content":"x"}],"\#(field)":\#(value)}"#
    }

    static func outcome(_ json: String) -> OpenAIError? {
        do {
            _ = try ChatCompletionRequest.decode(ByteBuffer(string: json))
            return nil
        } catch {
            return error
        }
    }

    @Test func everyFieldOfOpenAIsRequestIsKnown() {
        for field in Self.openAIFields {
            #expect(ChatRequestFields.names.contains(field), "\(field) has no treatment")
        }
    }

    @Test(arguments: openAIFields.filter { $0 != "messages" && $0 != "model" })
    func eachFieldIsHonouredOrRefusedByName(field: String) throws {
        let use = try #require(Self.used[field], "no test value for \(field)")
        let error = Self.outcome(Self.request(field, use.value))
        if use.refused {
            #expect(error?.status == 400 && error?.param == field, "\(field): \(String(describing: error))")
        } else {
            #expect(error == nil, "\(field): \(String(describing: error))")
        }
        // A value of the wrong type or out of range is a 400 naming the field, never accepted.
        let wrong = Self.outcome(Self.request(field, "12345.5"))
        #expect(wrong?.status == 400 && wrong?.param?.hasPrefix(field) == true, "\(field): \(String(describing: wrong))")
    }

    @Test(arguments: [
        (#""temperature":5"#, "temperature", "decimal_above_max_value"), (#""top_p":1.5"#, "top_p", "decimal_above_max_value"),
        (#""max_tokens":-1"#, "max_tokens", "integer_below_min_value"),
        (#""max_completion_tokens":0"#, "max_completion_tokens", "integer_below_min_value"),
        (#""n":0"#, "n", "integer_below_min_value"), (#""tools":"x""#, "tools", "invalid_type"),
        (#""response_format":{"type":"xml"}"#, "response_format.type", "invalid_value"), (#""temperature":"hot""#, "temperature", "invalid_type"),
        (#""stop":["a","b","c","d","e"]"#, "stop", "array_above_max_length"), (#""stop":5"#, "stop", "invalid_type"),
        (#""tool_choice":"sometimes""#, "tool_choice", "invalid_value"),
        (
            #""tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"g"}}"#, "tool_choice",
            "invalid_value"
        ),
        (#""tools":[{"type":"web_search"}]"#, "tools[0].type", "unsupported_value"),
        (#""tools":[{"type":"function","function":{"name":"has space"}}]"#, "tools[0].function.name", "invalid_value"),
        (#""response_format":{"type":"json_schema"}"#, "response_format.json_schema", "missing_required_parameter"),
        (#""max_tokens":1.5"#, "max_tokens", "invalid_type"), (#""logprobs":true"#, "logprobs", "unsupported_parameter"),
        (#""reasoning_effort":"extreme""#, "reasoning_effort", "invalid_value"), (#""frobnicate":1"#, "frobnicate", "unknown_parameter"),
    ])
    func badValuesAreRefusedAsOpenAIRefusesThem(fragment: String, param: String, code: String) {
        let error = Self.outcome(#"{"model":"m","messages":[{"role":"user","content":"x"}],\#(fragment)}"#)
        #expect(error?.status == 400)
        #expect(error?.param == param, "\(String(describing: error))")
        #expect(error?.code?.rawValue == code, "\(String(describing: error))")
    }

    @Test func toolsChoicesAndFormatsAreRead() throws {
        let request = try ChatCompletionRequest.decode(
            ByteBuffer(
                string: """
                    {"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\\"a\\":1}"}}]},{"role":"tool","tool_call_id":"call_1","content":"42"}],
                     "tools":[{"type":"function","function":{"name":"f","description":"does f","parameters":{"type":"object","properties":{"a":{"type":"integer"}}}}}],
                     "tool_choice":"required","parallel_tool_calls":false,"stop":"END","max_completion_tokens":9,"max_tokens":99,"n":3,
                     "response_format":{"type":"json_schema","json_schema":{"name":"out","strict":true,"schema":{"type":"object"}}}}
                    """))
        #expect(request.tools.map(\.name) == ["f"])
        #expect(request.toolChoice == .required && !request.parallelToolCalls)
        #expect(request.stop == ["END"] && request.maxTokens == 9 && request.choices == 3)
        #expect(request.responseFormat == .jsonSchema(name: "out", schema: .object(["type": .string("object")]), strict: true))
        #expect(request.messages[1].toolCalls == [ToolCall(id: "call_1", name: "f", arguments: #"{"a":1}"#)])
        #expect(request.messages[2].toolCallID == "call_1")
        let none = try ChatCompletionRequest.decode(
            ByteBuffer(string: Self.request("tools", #"[{"type":"function","function":{"name":"f"}}],"tool_choice":"none""#)))
        #expect(none.tools.isEmpty, "tool_choice none offers no tool")
        let legacy = try ChatCompletionRequest.decode(ByteBuffer(string: Self.request("functions", #"[{"name":"f"}],"function_call":{"name":"f"}"#)))
        #expect(legacy.legacyFunctions && legacy.toolChoice == .function("f"))
    }
}
