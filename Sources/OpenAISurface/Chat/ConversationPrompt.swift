import ArenaWire

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
/// Messages with neither text nor images are left out. The labels are plain English so every
/// model reads them the same way.
///
/// Images go up as attachments of the one user message the request carries, numbered in the
/// order of the conversation; in a transcript, each message that carried images says so with
/// `[Image N]` lines under its text, so the model can tell which turn showed which image.
package enum ConversationPrompt {
    /// `messages` as lmarena takes them: the flattened prompt, and each message with text or
    /// images as a turn.
    package static func conversation(_ messages: [ChatMessage]) -> ArenaConversation {
        let turns = messages.filter { !$0.text.isEmpty || !$0.images.isEmpty }.map { message in
            ArenaConversation.Turn(byModel: message.role == .assistant, text: message.text, imageCount: message.images.count)
        }
        return ArenaConversation(prompt: flatten(messages), turns: turns)
    }

    /// The prompt text for `messages`.
    package static func flatten(_ messages: [ChatMessage]) -> String {
        let spoken = messages.filter { !$0.text.isEmpty || !$0.images.isEmpty }
        if spoken.count == 1, spoken[0].role == .user {
            return spoken[0].text
        }
        var imageNumber = 0
        return spoken.map { message in
            var lines = message.text.isEmpty ? [] : [message.text]
            for _ in message.images {
                imageNumber += 1
                lines.append("[Image \(imageNumber)]")
            }
            return "[\(label(for: message.role))]\n" + lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
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
