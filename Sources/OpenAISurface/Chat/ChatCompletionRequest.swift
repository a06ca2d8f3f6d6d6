import Foundation
import NIOCore

/// An OpenAI `POST /v1/chat/completions` request, validated.
///
/// Every field of OpenAI's request is known (``ChatRequestFields``): honoured, approximated,
/// accepted after validation, or refused with a 400 naming it in `param`. An unknown field is a
/// 400 too, as OpenAI answers. Nothing is dropped without a word.
package struct ChatCompletionRequest: Sendable, Equatable {
    /// The model name the client asked for.
    package var model: String
    /// The conversation, oldest first.
    var messages: [ChatMessage]
    /// Whether to answer as a server-sent event stream.
    package var stream: Bool
    /// Whether a streamed answer ends with a usage chunk (`stream_options.include_usage`).
    package var includeUsage: Bool
    /// Functions offered to the model (`tools`, or legacy `functions`); empty when `tool_choice` is `none`.
    package var tools: [FunctionTool] = []
    /// Whether and how tools are to be called.
    package var toolChoice: ToolChoice = .auto
    /// Whether several calls may come in one answer (`parallel_tool_calls`).
    package var parallelToolCalls = true
    /// Whether the request used the legacy `functions` (answers then carry `function_call`).
    package var legacyFunctions = false
    /// The shape the answer must have.
    package var responseFormat: ResponseFormat = .text
    /// Up to four texts that end the answer where they appear (`stop`).
    var stop: [String] = []
    /// The most tokens the answer may have (`max_completion_tokens`, else `max_tokens`), by the usage estimate.
    var maxTokens: Int?
    /// How many answers to generate (`n`).
    package var choices = 1

    /// The most answers one request may ask for: each is a generation on an lmarena session.
    static let maxChoices = 8

    /// Creates a request.
    init(model: String, messages: [ChatMessage], stream: Bool = false, includeUsage: Bool = false) {
        self.model = model
        self.messages = messages
        self.stream = stream
        self.includeUsage = includeUsage
    }

    /// Whether the answer text must pass through an ``AnswerShaper`` (tools, stop, limits, JSON).
    package var needsShaping: Bool {
        !tools.isEmpty || !stop.isEmpty || maxTokens != nil || responseFormat.wantsJSON
    }

    /// Decodes and validates a request body.
    package static func decode(_ body: ByteBuffer) throws(OpenAIError) -> ChatCompletionRequest {
        let object = try RequestJSON.object(body)
        if let unknown = ChatRequestFields.unknown(in: object) {
            throw .invalidRequest(
                "Unrecognized request argument supplied: \(String(unknown.prefix(200)))", param: String(unknown.prefix(200)),
                code: .unknownParameter)
        }
        let model = try RequestJSON.requiredString(object, "model")
        guard !model.isEmpty else {
            throw .invalidRequest("model must not be empty", param: "model")
        }
        guard let rawMessages = object["messages"], !(rawMessages is NSNull) else {
            throw .invalidRequest("Missing required parameter: 'messages'.", param: "messages", code: .missingRequiredParameter)
        }
        guard let list = rawMessages as? [Any] else {
            throw .invalidRequest("messages must be an array of message objects", param: "messages", code: .invalidType)
        }
        guard !list.isEmpty else {
            throw .invalidRequest("messages must contain at least one message", param: "messages", code: .emptyArray)
        }
        var messages: [ChatMessage] = []
        messages.reserveCapacity(list.count)
        for (index, item) in list.enumerated() {
            messages.append(try message(item, param: "messages[\(index)]"))
        }
        guard messages.contains(where: \.isSpoken) else {
            throw .invalidRequest("messages hold no text: at least one message needs non-empty content", param: "messages")
        }
        var request = ChatCompletionRequest(model: model, messages: messages, stream: try RequestJSON.optionalBool(object, "stream") ?? false)
        if let options = object["stream_options"], !(options is NSNull) {
            guard let options = options as? [String: Any] else {
                throw .invalidRequest("stream_options must be an object", param: "stream_options", code: .invalidType)
            }
            request.includeUsage = try RequestJSON.optionalBool(options, "include_usage", param: "stream_options.include_usage") ?? false
        }
        try request.readParameters(object)
        try request.readTools(object)
        try request.readResponseFormat(object)
        return request
    }
}
