import Foundation
import NIOCore

/// An OpenAI `POST /v1/responses` request, read into the chat request the gateway already
/// serves (`input` items become messages, `instructions` a system message, `text.format` the
/// response format), plus what the response object echoes back.
package struct ResponsesRequest: Sendable {
    /// The same request in chat terms.
    package var chat: ChatCompletionRequest
    /// `instructions`, echoed.
    package var instructions: String?
    /// `max_output_tokens`, echoed.
    package var maxOutputTokens: Int?
    /// `temperature` and `top_p`, echoed (validated; lmarena takes neither).
    package var temperature = 1.0
    /// `top_p`, echoed.
    package var topP = 1.0
    /// `metadata`, echoed.
    package var metadata: JSONValue = .object([:])
    /// `store`, echoed: accepted, and nothing is stored.
    package var store = false

    /// Fields read or validated here; any other is a 400 naming it.
    static let fields: Set<String> = [
        "model", "input", "instructions", "tools", "tool_choice", "parallel_tool_calls", "text", "max_output_tokens", "stream",
        "stream_options", "store", "previous_response_id", "temperature", "top_p", "metadata", "user", "safety_identifier",
        "prompt_cache_key", "prompt_cache_retention", "service_tier", "reasoning", "truncation", "include", "background",
        "conversation", "prompt", "top_logprobs", "max_tool_calls",
    ]

    /// Decodes and validates a request body.
    package static func decode(_ body: ByteBuffer) throws(OpenAIError) -> ResponsesRequest {
        let object = try RequestJSON.object(body)
        if let unknown = object.keys.filter({ !fields.contains($0) }).sorted().first {
            throw .invalidRequest(
                "Unrecognized request argument supplied: \(String(unknown.prefix(200)))", param: String(unknown.prefix(200)),
                code: .unknownParameter)
        }
        if let previous = object["previous_response_id"], !(previous is NSNull) {
            throw .invalidRequest(
                "previous_response_id is not available: lmarena2api stores no responses. Send the whole conversation in input (its earlier messages, function calls and their outputs)",
                param: "previous_response_id", code: .unsupportedParameter)
        }
        for (field, what) in [("conversation", "conversations"), ("prompt", "stored prompts")] {
            if let value = object[field], !(value is NSNull) {
                throw .invalidRequest("\(what) (\(field)) are not available: lmarena2api stores nothing", param: field, code: .unsupportedParameter)
            }
        }
        if try RequestJSON.optionalBool(object, "background") == true {
            throw .invalidRequest(
                "background responses are not available: lmarena2api stores nothing", param: "background", code: .unsupportedParameter)
        }
        if let top = try RequestJSON.optionalInteger(object, "top_logprobs", in: 0...20), top > 0 {
            throw .invalidRequest(
                "top_logprobs are not available: lmarena returns no token probabilities", param: "top_logprobs", code: .unsupportedParameter)
        }
        let model = try RequestJSON.requiredString(object, "model")
        var messages: [ChatMessage] = []
        let instructions = try RequestJSON.optionalString(object, "instructions")
        if let instructions, !instructions.isEmpty { messages.append(ChatMessage(role: .system, text: instructions)) }
        messages += try ResponsesInput.messages(object["input"])
        guard messages.contains(where: \.isSpoken) else {
            throw .invalidRequest("input holds no text", param: "input", code: .invalidValue)
        }
        var chat = ChatCompletionRequest(model: model, messages: messages, stream: try RequestJSON.optionalBool(object, "stream") ?? false)
        var request = ResponsesRequest(chat: chat, instructions: instructions)
        request.temperature = try RequestJSON.optionalNumber(object, "temperature", in: 0...2) ?? 1
        request.topP = try RequestJSON.optionalNumber(object, "top_p", in: 0...1) ?? 1
        request.maxOutputTokens = try RequestJSON.optionalInteger(object, "max_output_tokens", in: 1...Int(Int32.max))
        request.store = try RequestJSON.optionalBool(object, "store") ?? false
        if let metadata = object["metadata"], !(metadata is NSNull) {
            guard metadata is [String: Any], let value = JSONValue(foundation: metadata) else {
                throw .invalidRequest("Invalid type for 'metadata': expected an object.", param: "metadata", code: .invalidType)
            }
            request.metadata = value
        }
        _ = try RequestJSON.optionalString(object, "user")
        _ = try RequestJSON.optionalString(object, "safety_identifier")
        _ = try RequestJSON.optionalString(object, "prompt_cache_key")
        _ = try RequestJSON.optionalString(object, "truncation", allowed: ["auto", "disabled"])
        _ = try RequestJSON.optionalInteger(object, "max_tool_calls", in: 1...Int(Int32.max))
        chat.maxTokens = request.maxOutputTokens
        try chat.readTools(ResponsesInput.chatTools(object))
        if let text = object["text"], !(text is NSNull) {
            guard let text = text as? [String: Any] else {
                throw .invalidRequest("Invalid type for 'text': expected an object.", param: "text", code: .invalidType)
            }
            if let format = text["format"], !(format is NSNull) {
                guard let format = format as? [String: Any] else {
                    throw .invalidRequest("Invalid type for 'text.format': expected an object.", param: "text.format", code: .invalidType)
                }
                chat.responseFormat = try ChatCompletionRequest.format(format, param: "text.format", flat: true)
            }
            _ = try RequestJSON.optionalString(text, "verbosity", allowed: ["low", "medium", "high"], param: "text.verbosity")
        }
        request.chat = chat
        return request
    }
}
