import Foundation

/// The Responses API's `input` and `tools` in chat terms.
enum ResponsesInput {
    /// `input`: a string (one user message) or a list of items: messages (`role` with a string or
    /// `input_text` / `output_text` parts), `function_call` and `function_call_output`.
    /// Reasoning items a client sends back are skipped: lmarena takes none.
    static func messages(_ input: Any?) throws(OpenAIError) -> [ChatMessage] {
        switch input {
        case nil, is NSNull:
            throw .invalidRequest("Missing required parameter: 'input'.", param: "input", code: .missingRequiredParameter)
        case let text as String:
            return [ChatMessage(role: .user, text: text)]
        case let items as [Any]:
            var messages: [ChatMessage] = []
            for (index, item) in items.enumerated() {
                let param = "input[\(index)]"
                guard let object = item as? [String: Any] else {
                    throw .invalidRequest("Invalid type for '\(param)': expected an object.", param: param, code: .invalidType)
                }
                let type = (object["type"] as? String) ?? (object["role"] != nil ? "message" : "")
                switch type {
                case "message":
                    var message = try ChatCompletionRequest.message(
                        object.filter { $0.key != "type" && $0.key != "id" && $0.key != "status" }, param: param)
                    if message.role == .tool { message.role = .user }
                    messages.append(message)
                case "function_call":
                    let call = ToolCall(
                        id: try RequestJSON.requiredString(object, "call_id", param: "\(param).call_id"),
                        name: try RequestJSON.requiredString(object, "name", param: "\(param).name"),
                        arguments: try RequestJSON.optionalString(object, "arguments", param: "\(param).arguments") ?? "{}")
                    // Calls of one turn go together in one assistant message.
                    if let last = messages.last, last.role == .assistant, last.text.isEmpty || !last.toolCalls.isEmpty {
                        messages[messages.count - 1].toolCalls.append(call)
                    } else {
                        messages.append(ChatMessage(role: .assistant, text: "", toolCalls: [call]))
                    }
                case "function_call_output":
                    let id = try RequestJSON.requiredString(object, "call_id", param: "\(param).call_id")
                    let output: String
                    switch object["output"] {
                    case let text as String: output = text
                    case let value?: output = JSONValue(foundation: value)?.text ?? ""
                    case nil: output = ""
                    }
                    messages.append(ChatMessage(role: .tool, text: output, toolCallID: id))
                case "reasoning":
                    continue
                default:
                    throw .invalidRequest(
                        "\(param).type '\(String(type.prefix(100)))' is not available: input items are messages, function_call and function_call_output",
                        param: "\(param).type", code: .unsupportedValue)
                }
            }
            return messages
        default:
            throw .invalidRequest("Invalid type for 'input': expected a string or an array of items.", param: "input", code: .invalidType)
        }
    }

    /// `tools`, `tool_choice` and `parallel_tool_calls` in the shapes chat takes: a Responses
    /// function tool is flat (`{"type": "function", "name": ...}`), chat's nests it.
    static func chatTools(_ object: [String: Any]) -> [String: Any] {
        var chat: [String: Any] = [:]
        if let tools = object["tools"] as? [Any] {
            chat["tools"] = tools.map { item -> Any in
                guard let tool = item as? [String: Any], tool["type"] as? String == "function", tool["function"] == nil else { return item }
                var function = tool
                function["type"] = nil
                return ["type": "function", "function": function] as [String: Any]
            }
        } else if let tools = object["tools"] {
            chat["tools"] = tools
        }
        if let choice = object["tool_choice"] as? [String: Any], choice["type"] as? String == "function", let name = choice["name"] {
            chat["tool_choice"] = ["type": "function", "function": ["name": name]] as [String: Any]
        } else if let choice = object["tool_choice"] {
            chat["tool_choice"] = choice
        }
        if let parallel = object["parallel_tool_calls"] { chat["parallel_tool_calls"] = parallel }
        return chat
    }
}
