import Testing

@testable import OpenAISurface

/// The answer shaper, fed whole and piece by piece: the same result either way.
struct AnswerShaperTests {
    /// Feeds `pieces` and finishes; returns the text, the calls and the finish reason.
    static func run(_ shaper: AnswerShaper, _ pieces: [String]) -> (text: String, calls: [String], reason: String) {
        var shaper = shaper
        var out: [AnswerShaper.Piece] = []
        for piece in pieces { out += shaper.feed(piece) }
        out += shaper.finish()
        var text = ""
        var calls: [String] = []
        for piece in out {
            switch piece {
            case .text(let part): text += part
            case .call(let call): calls.append("\(call.name)\(call.arguments)")
            }
        }
        return (text, calls, shaper.finishReason(upstream: "stop"))
    }

    /// Every way of cutting `text` in two, plus one character at a time.
    static func splits(_ text: String) -> [[String]] {
        var result = [[text], text.map { String($0) }]
        for cut in 1..<text.count {
            let index = text.index(text.startIndex, offsetBy: cut)
            result.append([String(text[..<index]), String(text[index...])])
        }
        return result
    }

    @Test func toolCallBlocksBecomeCallsAndTheRestStaysText() {
        let answer =
            #"Let me look. <tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call><tool_call>{"name":"get_time","arguments":"{\"zone\":\"CET\"}"}</tool_call> Done."#
        for pieces in Self.splits(answer) {
            let result = Self.run(AnswerShaper(tools: ["get_weather", "get_time"]), pieces)
            #expect(result.text == "Let me look.  Done.", "\(pieces)")
            #expect(result.calls == [#"get_weather{"city":"Paris"}"#, #"get_time{"zone":"CET"}"#], "\(pieces)")
            #expect(result.reason == "tool_calls")
        }
    }

    @Test func aBlockThatIsNotACallOfAKnownToolStaysText() {
        for answer in [
            #"<tool_call>{"name": "unknown", "arguments": {}}</tool_call>"#, "<tool_call>not json</tool_call>", "<tool_call>{\"name\": \"f\"",
        ] {
            let result = Self.run(AnswerShaper(tools: ["f"]), [answer])
            #expect(result.text == answer && result.calls.isEmpty && result.reason == "stop")
        }
        #expect(Self.run(AnswerShaper(), ["<tool_call>x</tool_call>"]).text == "<tool_call>x</tool_call>", "without tools, nothing is taken out")
    }

    @Test func theAnswerEndsWhereAStopStringStarts() {
        for pieces in Self.splits("one two END three") {
            let result = Self.run(AnswerShaper(stops: ["nothing", "END"]), pieces)
            #expect(result.text == "one two ", "\(pieces)")
            #expect(result.reason == "stop")
        }
        var shaper = AnswerShaper(stops: ["STOP"])
        #expect(shaper.feed("abcST") == [.text("abc")], "only what may start a stop string is held back")
        #expect(shaper.feed("x") == [.text("STx")])
    }

    @Test func maxTokensCutsTheTextByTheUsageEstimate() {
        let result = Self.run(AnswerShaper(maxTokens: 3), ["abcdefgh", "ijklmnopqrstuvwxyz"])
        #expect(result.text == "abcdefghijkl")
        #expect(TokenEstimate.count(result.text) == 3)
        #expect(result.reason == "length")
        #expect(Self.run(AnswerShaper(maxTokens: 30), ["short"]).reason == "stop")
    }

    @Test func aCodeFenceAroundJSONIsStripped() {
        for pieces in Self.splits("```json\n{\"a\": 1}\n```\n") {
            #expect(Self.run(AnswerShaper(stripsFences: true), pieces).text == "{\"a\": 1}", "\(pieces)")
        }
        #expect(Self.run(AnswerShaper(stripsFences: true), ["{\"a\": \"`x`\"}"]).text == "{\"a\": \"`x`\"}")
    }

    @Test func partialSuffixesAreFound() {
        #expect(AnswerShaper.partialSuffix(of: "text <tool_", toward: "<tool_call>") == 6)
        #expect(AnswerShaper.partialSuffix(of: "text", toward: "<tool_call>") == 0)
        #expect(AnswerShaper.partialSuffix(of: "<tool_call>", toward: "<tool_call>") == 0, "a whole tag is not partial")
    }
}

/// JSON taken out of an answer and checked against a schema.
struct StructuredOutputTests {
    static let schema = JSONValue(
        parsing:
            #"{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},"tags":{"type":"array","items":{"type":"string"}}},"required":["name","age"],"additionalProperties":false}"#
    )!

    @Test(arguments: [#"{"name":"Ada","age":36}"#, "```json\n{\"name\":\"Ada\",\"age\":36}\n```", #"Here it is: {"name":"Ada","age":36} Enjoy."#])
    func theJSONIsTakenOut(answer: String) throws {
        let content = try StructuredOutput.content(of: answer, format: .jsonSchema(name: "p", schema: Self.schema, strict: true))
        #expect(JSONValue(parsing: content) == JSONValue(parsing: #"{"name":"Ada","age":36}"#))
    }

    @Test(arguments: [
        (#"{"name":"Ada"}"#, "the required key 'age' is missing"), (#"{"name":"Ada","age":"old"}"#, "$.age: expected integer, got string"),
        (#"{"name":"Ada","age":1,"extra":true}"#, "the key 'extra' is not in the schema"),
        (#"{"name":"Ada","age":1,"tags":[1]}"#, "$.tags[0]: expected string"),
        ("no json here", "not valid JSON"),
    ])
    func aViolationIsA502NamingIt(answer: String, named: String) {
        do {
            _ = try StructuredOutput.content(of: answer, format: .jsonSchema(name: "p", schema: Self.schema, strict: true))
            Issue.record("accepted \(answer)")
        } catch {
            #expect(error.status == 502 && error.code?.rawValue == "invalid_json_output")
            #expect(error.message.contains(named), "\(error.message)")
        }
    }

    @Test func withoutStrictOnlyValidJSONIsAsked() throws {
        #expect(
            try StructuredOutput.content(of: #"{"name":1}"#, format: .jsonSchema(name: "p", schema: Self.schema, strict: false)) == #"{"name":1}"#)
        #expect(throws: OpenAIError.self) { _ = try StructuredOutput.content(of: "[1,2]", format: .jsonObject) }
    }
}

/// What goes up for tools and JSON, and how earlier calls and results are written.
struct PromptInstructionsTests {
    @Test func toolsAndFormatsBecomeAFirstSystemMessage() {
        var request = ChatCompletionRequest(
            model: "m",
            messages: [
                ChatMessage(role: .user, text: "Weather in Paris?"),
                ChatMessage(role: .assistant, text: "", toolCalls: [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#)]),
                ChatMessage(role: .tool, text: #"{"temp":21}"#, toolCallID: "call_1"),
            ])
        request.tools = [FunctionTool(name: "get_weather", description: "Current weather", parameters: .object(["type": .string("object")]))]
        request.toolChoice = .function("get_weather")
        let messages = PromptInstructions.messages(for: request)
        #expect(messages.count == 4 && messages[0].role == .system)
        #expect(messages[0].text.contains("- get_weather: Current weather"))
        #expect(messages[0].text.contains(#"Parameters (JSON Schema): {"type":"object"}"#))
        #expect(messages[0].text.contains("You must call the tool get_weather"))
        #expect(messages[2].text == #"<tool_call>{"arguments":{"city":"Paris"},"name":"get_weather"}</tool_call>"#)
        #expect(messages[3].text == "<tool_result id=\"call_1\">\n{\"temp\":21}\n</tool_result>")
        let prompt = ConversationPrompt.flatten(messages)
        #expect(prompt.hasPrefix("[System]\nYou can call tools"))
        let plain = ChatCompletionRequest(model: "m", messages: [ChatMessage(role: .user, text: "Hi")])
        #expect(ConversationPrompt.flatten(PromptInstructions.messages(for: plain)) == "Hi", "a plain request goes up as before")
    }
}
