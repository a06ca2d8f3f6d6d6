import ArenaWire

/// Who wrote a message of a chat conversation.
package enum ChatRole: String, Sendable, CaseIterable {
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
    package var isInstruction: Bool { self == .system || self == .developer }
}

/// One message of a chat conversation, reduced to its text and tool calls.
package struct ChatMessage: Sendable, Equatable {
    /// Who wrote it.
    package var role: ChatRole
    /// Its text: a string content, or the text parts of an array content joined by newlines.
    package var text: String
    /// The tool calls of an assistant message.
    package var toolCalls: [ToolCall]
    /// Which call a `tool` message answers (`tool_call_id`).
    package var toolCallID: String?
    /// The `name` of a `function` message (the function that answered), or of a participant.
    package var name: String?
    /// The images of a user message (`image_url` / `input_image` parts), in order.
    package var images: [ImageReference] = []

    /// Creates a message.
    package init(role: ChatRole, text: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil, name: String? = nil) {
        self.role = role
        self.text = text
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.name = name
    }

    /// Whether the message says anything: text, images, or tool calls.
    var isSpoken: Bool { !text.isEmpty || !toolCalls.isEmpty || !images.isEmpty }
}
