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

/// One message of a chat conversation, reduced to its text.
public struct ChatMessage: Sendable, Equatable {
    /// Who wrote it.
    public var role: ChatRole
    /// Its text: a string content, or the text parts of an array content joined by newlines.
    public var text: String

    /// Creates a message.
    public init(role: ChatRole, text: String) {
        self.role = role
        self.text = text
    }
}
