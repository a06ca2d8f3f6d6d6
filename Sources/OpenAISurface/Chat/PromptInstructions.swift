/// What the gateway adds to a conversation so that models without native tools or structured
/// output can provide them: the tool definitions and the `<tool_call>` notation, the JSON
/// instruction, and earlier tool calls and results written in the same notation.
///
/// lmarena takes one prompt; the instructions go first, as a system message, and
/// ``ConversationPrompt`` makes the transcript.
package enum PromptInstructions {
    /// The tag around a call in an answer.
    static let callOpen = "<tool_call>"
    /// The closing tag of a call.
    static let callClose = "</tool_call>"

    /// The messages that go up for `request`: its own, with tool calls and results written as
    /// text, after a system message with the instructions the request needs.
    package static func messages(for request: ChatCompletionRequest) -> [ChatMessage] {
        let written = request.messages.map(write)
        var instructions: [String] = []
        if !request.tools.isEmpty {
            instructions.append(tools(request.tools, choice: request.toolChoice, parallel: request.parallelToolCalls))
        }
        if let format = format(request.responseFormat) {
            instructions.append(format)
        }
        guard !instructions.isEmpty else { return written }
        return [ChatMessage(role: .system, text: instructions.joined(separator: "\n\n"))] + written
    }

    /// A call in the notation the model is asked to answer with.
    static func block(name: String, arguments: String) -> String {
        let parsed = JSONValue(parsing: arguments) ?? .string(arguments)
        return callOpen + JSONValue.object(["name": .string(name), "arguments": parsed]).text + callClose
    }

    /// One message with its tool calls or its tool result as text.
    private static func write(_ message: ChatMessage) -> ChatMessage {
        var copy = message
        switch message.role {
        case .assistant where !message.toolCalls.isEmpty:
            let blocks = message.toolCalls.map { block(name: $0.name, arguments: $0.arguments) }
            copy.text = ([message.text].filter { !$0.isEmpty } + blocks).joined(separator: "\n")
        case .tool, .function:
            var attributes = ""
            if let id = message.toolCallID { attributes += " id=\"\(id)\"" }
            if let name = message.name { attributes += " name=\"\(name)\"" }
            copy.text = "<tool_result\(attributes)>\n\(message.text)\n</tool_result>"
        default:
            break
        }
        return copy
    }

    /// The tool definitions and how to call them.
    private static func tools(_ tools: [FunctionTool], choice: ToolChoice, parallel: Bool) -> String {
        var lines = ["You can call tools (functions). These are the tools:", ""]
        for tool in tools {
            lines.append("- \(tool.name)" + (tool.description.map { ": \($0)" } ?? ""))
            lines.append("  Parameters (JSON Schema): \(tool.parameters.text)")
        }
        let example = tools[0].name
        lines += [
            "",
            "To call a tool, answer with a block of exactly this form, and nothing else for that call:",
            "\(callOpen){\"name\": \"\(example)\", \"arguments\": {...}}\(callClose)",
            "The arguments are a JSON object that follows the tool's parameters. Write no code fence around the block.",
            parallel ? "To call several tools, write one block for each." : "Call at most one tool in an answer.",
            "After calling, stop: each result comes back in a later message as <tool_result>. When no tool is needed, answer normally.",
        ]
        switch choice {
        case .required: lines.append("You must call at least one tool in this answer.")
        case .function(let name): lines.append("You must call the tool \(name) in this answer.")
        case .auto, .none: break
        }
        return lines.joined(separator: "\n")
    }

    /// The instruction for a JSON answer; `nil` for free text.
    private static func format(_ format: ResponseFormat) -> String? {
        switch format {
        case .text:
            return nil
        case .jsonObject:
            return "Answer with one JSON object and nothing else: no prose before or after it, no code fence."
        case .jsonSchema(let name, let schema, _):
            return
                "Answer with one JSON value that follows this JSON Schema (\"\(name)\"), and nothing else: no prose before or after it, no code fence.\nSchema: \(schema.text)"
        }
    }
}
