/// Who wrote a message of a chat conversation.
public enum ChatRole: String, Sendable, CaseIterable {
    /// Instructions for the model.
    case system
    /// Instructions for the model (OpenAI's newer name for `system`).
    case developer
    /// The person asking.
    case user
    /// The model's earlier answers.
    case assistant
    /// A tool's result.
    case tool
    /// A function's result (OpenAI's older name for `tool`).
    case function

    /// Whether the message instructs the model rather than being part of the dialogue.
    public var isInstruction: Bool { self == .system || self == .developer }
}

/// One message of a chat conversation, reduced to its text and tool calls.
public struct ChatMessage: Sendable, Equatable {
    /// Who wrote it.
    public var role: ChatRole
    /// Its text: a string content, or the text parts of an array content joined by newlines.
    public var text: String
    /// The tool calls of an assistant message.
    public var toolCalls: [ToolCall]
    /// Which call a `tool` message answers (`tool_call_id`).
    public var toolCallID: String?
    /// The `name` of a `function` message (the function that answered), or of a participant.
    public var name: String?
    /// The images of a user message (`image_url` / `input_image` parts), in order.
    public var images: [ImageReference] = []

    /// Creates a message.
    public init(role: ChatRole, text: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil, name: String? = nil) {
        self.role = role
        self.text = text
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.name = name
    }

    /// Whether the message says anything: text, images, or tool calls.
    var isSpoken: Bool { !text.isEmpty || !toolCalls.isEmpty || !images.isEmpty }
}
