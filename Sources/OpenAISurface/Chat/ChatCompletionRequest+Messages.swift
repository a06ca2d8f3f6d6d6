import ArenaWire
import Foundation

extension ChatCompletionRequest {
    /// One message: its role, its text, and an assistant's tool calls or a tool's call id.
    static func message(_ item: Any, param: String) throws(OpenAIError) -> ChatMessage {
        guard let object = item as? [String: Any] else {
            throw .invalidRequest("\(param) must be an object with role and content", param: param, code: .invalidType)
        }
        let roleName = try RequestJSON.requiredString(object, "role", param: "\(param).role")
        guard let role = ChatRole(rawValue: roleName) else {
            let known = ChatRole.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw .invalidRequest(
                "\(param).role '\(String(roleName.prefix(200)))' is not one of \(known)", param: "\(param).role", code: .invalidValue)
        }
        let text: String
        var images: [ImageReference] = []
        switch object["content"] {
        case nil, is NSNull:
            text = ""
        case let string as String:
            text = string
        case let parts as [Any]:
            (text, images) = try contentParts(parts, param: "\(param).content")
        default:
            throw .invalidRequest("\(param).content must be a string or an array of content parts", param: "\(param).content", code: .invalidType)
        }
        if let first = images.first, role != .user {
            throw .invalidRequest(
                "\(first.param) is an image in a message with role '\(role.rawValue)': images are only allowed in messages with role 'user'",
                param: first.param, code: .invalidValue)
        }
        var message = ChatMessage(role: role, text: text)
        message.images = images
        message.name = try RequestJSON.optionalString(object, "name", param: "\(param).name")
        switch role {
        case .assistant:
            message.toolCalls = try toolCalls(object, param: param)
        case .tool:
            guard let id = try RequestJSON.optionalString(object, "tool_call_id", param: "\(param).tool_call_id") else {
                throw .invalidRequest(
                    "Missing required parameter: '\(param).tool_call_id'.", param: "\(param).tool_call_id", code: .missingRequiredParameter)
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
                throw .invalidRequest("\(param).tool_calls must be an array", param: "\(param).tool_calls", code: .invalidType)
            }
            for (index, item) in list.enumerated() {
                let callParam = "\(param).tool_calls[\(index)]"
                guard let call = item as? [String: Any], let function = call["function"] as? [String: Any] else {
                    throw .invalidRequest("\(callParam) must be an object with a function", param: callParam, code: .invalidType)
                }
                let id = try RequestJSON.requiredString(call, "id", param: "\(callParam).id")
                calls.append(try functionCall(function, id: id, param: "\(callParam).function"))
            }
        }
        if let raw = object["function_call"], !(raw is NSNull) {
            guard let function = raw as? [String: Any] else {
                throw .invalidRequest("\(param).function_call must be an object", param: "\(param).function_call", code: .invalidType)
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

    /// The text parts of an array content, joined by newlines, and its image parts.
    private static func contentParts(_ parts: [Any], param: String) throws(OpenAIError) -> (String, [ImageReference]) {
        var texts: [String] = []
        var images: [ImageReference] = []
        for (index, part) in parts.enumerated() {
            let partParam = "\(param)[\(index)]"
            guard let object = part as? [String: Any], let type = object["type"] as? String else {
                throw .invalidRequest("\(partParam) must be an object with a type", param: partParam, code: .invalidType)
            }
            switch type {
            case "text", "input_text", "output_text":
                texts.append(try RequestJSON.requiredString(object, "text", param: "\(partParam).text"))
            case "refusal":
                texts.append(try RequestJSON.requiredString(object, "refusal", param: "\(partParam).refusal"))
            case "image_url", "input_image":
                images.append(try image(object, type: type, param: partParam))
            case "input_audio", "file", "input_file":
                throw .invalidRequest(
                    "\(partParam) is of type '\(type)': only text and image content is supported through lmarena2api",
                    param: partParam, code: .unsupportedContentType)
            default:
                throw .invalidRequest(
                    "\(partParam) has unknown type '\(String(type.prefix(100)))'", param: "\(partParam).type", code: .invalidValue)
            }
        }
        return (texts.joined(separator: "\n"), images)
    }

    /// An image part: chat's `{"type":"image_url","image_url":{"url","detail"}}` (a bare string
    /// URL is taken too) or Responses' `{"type":"input_image","image_url":"...","detail"}`.
    private static func image(_ object: [String: Any], type: String, param: String) throws(OpenAIError) -> ImageReference {
        var urlParam = "\(param).image_url"
        var detailHolder = object
        var detailParam = "\(param).detail"
        let url: String
        switch object["image_url"] {
        case let text as String:
            url = text
        case let inner as [String: Any]:
            urlParam += ".url"
            url = try RequestJSON.requiredString(inner, "url", param: urlParam)
            detailHolder = inner
            detailParam = "\(param).image_url.detail"
        case nil, is NSNull:
            if object["file_id"] != nil {
                throw .invalidRequest(
                    "\(param).file_id: uploaded files are not supported through lmarena2api; send the image as image_url (a data: or https: URL)",
                    param: "\(param).file_id", code: .unsupportedParameter)
            }
            throw .invalidRequest("Missing required parameter: '\(urlParam)'.", param: urlParam, code: .missingRequiredParameter)
        default:
            throw .invalidRequest("\(urlParam) must be a string or an object with a url", param: urlParam, code: .invalidType)
        }
        // `detail` changes nothing upstream (lmarena takes the image as it is), but is checked.
        if let detail = try RequestJSON.optionalString(detailHolder, "detail", param: detailParam), !["auto", "low", "high"].contains(detail) {
            throw .invalidRequest(
                "\(detailParam) '\(String(detail.prefix(40)))' is not one of 'auto', 'low', 'high'", param: detailParam, code: .invalidValue)
        }
        let lowered = url.prefix(8).lowercased()
        guard lowered.hasPrefix("data:") || lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            throw .invalidRequest(
                "\(urlParam) must be a data: URL or an http(s) URL of the image", param: urlParam, code: .invalidImageUrl)
        }
        return ImageReference(url: url, param: param)
    }
}
