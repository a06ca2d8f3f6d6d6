import Foundation

extension ChatCompletionRequest {
    /// One message: its role, its text, and an assistant's tool calls or a tool's call id.
    static func message(_ item: Any, param: String) throws(OpenAIError) -> ChatMessage {
        guard let object = item as? [String: Any] else {
            throw .invalidRequest("\(param) must be an object with role and content", param: param, code: "invalid_type")
        }
        let roleName = try RequestJSON.requiredString(object, "role", param: "\(param).role")
        guard let role = ChatRole(rawValue: roleName) else {
            let known = ChatRole.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw .invalidRequest("\(param).role '\(String(roleName.prefix(200)))' is not one of \(known)", param: "\(param).role", code: "invalid_value")
        }
        let text: String
        switch object["content"] {
        case nil, is NSNull:
            text = ""
        case let string as String:
            text = string
        case let parts as [Any]:
            text = try partsText(parts, param: "\(param).content")
        default:
            throw .invalidRequest("\(param).content must be a string or an array of content parts", param: "\(param).content", code: "invalid_type")
        }
        var message = ChatMessage(role: role, text: text)
        message.name = try RequestJSON.optionalString(object, "name", param: "\(param).name")
        switch role {
        case .assistant:
            message.toolCalls = try toolCalls(object, param: param)
        case .tool:
            guard let id = try RequestJSON.optionalString(object, "tool_call_id", param: "\(param).tool_call_id") else {
                throw .invalidRequest(
                    "Missing required parameter: '\(param).tool_call_id'.", param: "\(param).tool_call_id", code: "missing_required_parameter")
            }
            message.toolCallID = id
        default:
            break
        }
        return message
    }

    /// The calls of an assistant message: `tool_calls`, or the legacy `function_call`.
    private static func toolCalls(_ object: [String: Any], param: String) throws(OpenAIError) -> [ToolCall] {
        var calls: [ToolCall] = []
        if let raw = object["tool_calls"], !(raw is NSNull) {
            guard let list = raw as? [Any] else {
                throw .invalidRequest("\(param).tool_calls must be an array", param: "\(param).tool_calls", code: "invalid_type")
            }
            for (index, item) in list.enumerated() {
                let callParam = "\(param).tool_calls[\(index)]"
                guard let call = item as? [String: Any], let function = call["function"] as? [String: Any] else {
                    throw .invalidRequest("\(callParam) must be an object with a function", param: callParam, code: "invalid_type")
                }
                let id = try RequestJSON.requiredString(call, "id", param: "\(callParam).id")
                calls.append(try functionCall(function, id: id, param: "\(callParam).function"))
            }
        }
        if let raw = object["function_call"], !(raw is NSNull) {
            guard let function = raw as? [String: Any] else {
                throw .invalidRequest("\(param).function_call must be an object", param: "\(param).function_call", code: "invalid_type")
            }
            calls.append(try functionCall(function, id: ToolCall.newID(), param: "\(param).function_call"))
        }
        return calls
    }

    private static func functionCall(_ function: [String: Any], id: String, param: String) throws(OpenAIError) -> ToolCall {
        let name = try RequestJSON.requiredString(function, "name", param: "\(param).name")
        let arguments = try RequestJSON.optionalString(function, "arguments", param: "\(param).arguments") ?? "{}"
        return ToolCall(id: id, name: name, arguments: arguments)
    }

    /// The text parts of an array content, joined by newlines.
    private static func partsText(_ parts: [Any], param: String) throws(OpenAIError) -> String {
        var texts: [String] = []
        for (index, part) in parts.enumerated() {
            let partParam = "\(param)[\(index)]"
            guard let object = part as? [String: Any], let type = object["type"] as? String else {
                throw .invalidRequest("\(partParam) must be an object with a type", param: partParam, code: "invalid_type")
            }
            switch type {
            case "text", "input_text", "output_text":
                texts.append(try RequestJSON.requiredString(object, "text", param: "\(partParam).text"))
            case "refusal":
                texts.append(try RequestJSON.requiredString(object, "refusal", param: "\(partParam).refusal"))
            case "image_url", "input_image", "input_audio", "file", "input_file":
                throw .invalidRequest(
                    "\(partParam) is of type '\(type)': only text content is supported through lmarena2api",
                    param: partParam, code: "unsupported_content_type")
            default:
                throw .invalidRequest("\(partParam) has unknown type '\(String(type.prefix(100)))'", param: "\(partParam).type", code: "invalid_value")
            }
        }
        return texts.joined(separator: "\n")
    }
}
