/// Flattens an OpenAI conversation into the single prompt that a `v2` request carries.
///
/// A conversation of one user message and nothing else goes up verbatim. Anything longer (a
/// system prompt, earlier turns) becomes a transcript with one labelled block per message:
///
/// ```
/// [System]
/// You are terse.
///
/// [User]
/// Hi
///
/// [Assistant]
/// Hello!
///
/// [User]
/// What is 2+2?
/// ```
///
/// Messages with empty text are left out. The labels are plain English so every model reads
/// them the same way.
enum ConversationPrompt {
    /// The prompt text for `messages`.
    static func flatten(_ messages: [ChatMessage]) -> String {
        let spoken = messages.filter { !$0.text.isEmpty }
        if spoken.count == 1, spoken[0].role == .user {
            return spoken[0].text
        }
        return spoken.map { "[\(label(for: $0.role))]\n\($0.text)" }.joined(separator: "\n\n")
    }

    /// The label a role gets in the transcript.
    static func label(for role: ChatRole) -> String {
        switch role {
        case .system, .developer: return "System"
        case .user: return "User"
        case .assistant: return "Assistant"
        case .tool, .function: return "Tool"
        }
    }

    /// The text of the newest user message, or `nil` when there is none.
    static func newestUserText(_ messages: [ChatMessage]) -> String? {
        messages.last(where: { $0.role == .user })?.text
    }
}
