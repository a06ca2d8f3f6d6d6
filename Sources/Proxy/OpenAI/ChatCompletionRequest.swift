import Foundation
import NIOCore

/// The parts of an OpenAI `POST /v1/chat/completions` request the gateway acts on.
///
/// Decoding validates every field it uses and names the field at fault in the error's `param`;
/// fields it does not use (temperature, top_p, max_tokens, ...) are accepted and ignored.
struct ChatCompletionRequest: Sendable, Equatable {
    /// The model name the client asked for.
    var model: String
    /// The conversation, oldest first.
    var messages: [ChatMessage]
    /// Whether to answer as a server-sent event stream.
    var stream: Bool
    /// Whether a streamed answer ends with a usage chunk (`stream_options.include_usage`).
    var includeUsage: Bool

    /// Creates a request.
    init(model: String, messages: [ChatMessage], stream: Bool = false, includeUsage: Bool = false) {
        self.model = model
        self.messages = messages
        self.stream = stream
        self.includeUsage = includeUsage
    }

    /// Decodes and validates a request body.
    static func decode(_ body: ByteBuffer) throws(OpenAIError) -> ChatCompletionRequest {
        let object = try RequestJSON.object(body)
        let model = try RequestJSON.requiredString(object, "model")
        guard !model.isEmpty else {
            throw .invalidRequest("model must not be empty", param: "model")
        }
        guard let rawMessages = object["messages"], !(rawMessages is NSNull) else {
            throw .invalidRequest("Missing required parameter: 'messages'.", param: "messages", code: "missing_required_parameter")
        }
        guard let list = rawMessages as? [Any] else {
            throw .invalidRequest("messages must be an array of message objects", param: "messages", code: "invalid_type")
        }
        guard !list.isEmpty else {
            throw .invalidRequest("messages must contain at least one message", param: "messages", code: "empty_array")
        }
        var messages: [ChatMessage] = []
        messages.reserveCapacity(list.count)
        for (index, item) in list.enumerated() {
            messages.append(try message(item, param: "messages[\(index)]"))
        }
        guard messages.contains(where: { !$0.text.isEmpty }) else {
            throw .invalidRequest("messages hold no text: at least one message needs non-empty content", param: "messages")
        }
        let stream = try RequestJSON.optionalBool(object, "stream") ?? false
        var includeUsage = false
        if let options = object["stream_options"], !(options is NSNull) {
            guard let options = options as? [String: Any] else {
                throw .invalidRequest("stream_options must be an object", param: "stream_options", code: "invalid_type")
            }
            includeUsage = try RequestJSON.optionalBool(options, "include_usage", param: "stream_options.include_usage") ?? false
        }
        if let n = object["n"], !(n is NSNull) {
            guard let count = n as? NSNumber, count.doubleValue == 1 else {
                throw .invalidRequest("only n=1 is supported: lmarena returns one answer per request", param: "n", code: "unsupported_value")
            }
        }
        return ChatCompletionRequest(model: model, messages: messages, stream: stream, includeUsage: includeUsage)
    }

    private static func message(_ item: Any, param: String) throws(OpenAIError) -> ChatMessage {
        guard let object = item as? [String: Any] else {
            throw .invalidRequest("\(param) must be an object with role and content", param: param, code: "invalid_type")
        }
        let roleName = try RequestJSON.requiredString(object, "role", param: "\(param).role")
        guard let role = ChatRole(rawValue: roleName) else {
            let known = ChatRole.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw .invalidRequest("\(param).role '\(roleName)' is not one of \(known)", param: "\(param).role", code: "invalid_value")
        }
        let content = object["content"]
        switch content {
        case nil, is NSNull:
            return ChatMessage(role: role, text: "")
        case let text as String:
            return ChatMessage(role: role, text: text)
        case let parts as [Any]:
            return ChatMessage(role: role, text: try partsText(parts, param: "\(param).content"))
        default:
            throw .invalidRequest("\(param).content must be a string or an array of content parts", param: "\(param).content", code: "invalid_type")
        }
    }

    private static func partsText(_ parts: [Any], param: String) throws(OpenAIError) -> String {
        var texts: [String] = []
        for (index, part) in parts.enumerated() {
            let partParam = "\(param)[\(index)]"
            guard let object = part as? [String: Any], let type = object["type"] as? String else {
                throw .invalidRequest("\(partParam) must be an object with a type", param: partParam, code: "invalid_type")
            }
            switch type {
            case "text", "input_text":
                texts.append(try RequestJSON.requiredString(object, "text", param: "\(partParam).text"))
            case "image_url", "input_image", "input_audio", "file":
                throw .invalidRequest(
                    "\(partParam) is of type '\(type)': only text content is supported through lmarena2api",
                    param: partParam, code: "unsupported_content_type")
            default:
                throw .invalidRequest("\(partParam) has unknown type '\(type)'", param: "\(partParam).type", code: "invalid_value")
            }
        }
        return texts.joined(separator: "\n")
    }
}
