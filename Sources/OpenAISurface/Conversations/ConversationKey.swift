import ArenaWire
import Crypto
import Foundation

/// What makes a conversation the same, as one digest: the model, the tool definitions, and each
/// message's role, text, tool calls and images (instructions are `system` messages, so they are
/// part of it). Only the digest is ever kept: no message text.
package struct ConversationKey: Sendable, Hashable, CustomStringConvertible {
    /// The SHA-256 of the canonical form, in hex.
    package let digest: String

    /// The key of `messages` to `model` offering `tools`.
    package init(model: String, tools: [FunctionTool], messages: some Collection<ChatMessage>) {
        var hasher = SHA256()
        func add(_ field: String) {
            // Each field with its length first: no two different sequences of fields read the same.
            hasher.update(data: Data("\(field.utf8.count):".utf8))
            hasher.update(data: Data(field.utf8))
        }
        add("model")
        add(model)
        for tool in tools {
            add("tool")
            add(tool.name)
            add(tool.description ?? "")
            add(tool.parameters.text)
        }
        for message in messages {
            add("message")
            // `developer` is OpenAI's newer name for `system`, `function` its older one for `tool`.
            switch message.role {
            case .system, .developer: add("system")
            case .tool, .function: add("tool")
            case .user, .assistant: add(message.role.rawValue)
            }
            add(message.text)
            for call in message.toolCalls {
                add("call")
                add(call.name)
                add(call.arguments)
            }
            add(message.toolCallID ?? "")
            for image in message.images {
                add("image")
                add(image.url)
            }
        }
        digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The first 12 hex digits, for logs.
    package var description: String { String(digest.prefix(12)) }
}

/// A request seen as a conversation the gateway may know, plus a new turn.
package struct ConversationSplit: Sendable, Equatable {
    /// The key of the messages up to and including the last assistant message.
    package let known: ConversationKey
    /// The messages after it: the new turn (user messages, or tool results).
    package let newTurn: [ChatMessage]

    /// The split of `messages`, or `nil` when there is no earlier answer or nothing after it.
    package init?(model: String, tools: [FunctionTool], messages: [ChatMessage]) {
        guard let last = messages.lastIndex(where: { $0.role == .assistant }), last < messages.index(before: messages.endIndex) else {
            return nil
        }
        let turn = messages[messages.index(after: last)...]
        // A new turn is what the person or the tools said: instructions changed mid-way start anew.
        guard turn.allSatisfy({ [.user, .tool, .function].contains($0.role) }) else { return nil }
        known = ConversationKey(model: model, tools: tools, messages: messages[...last])
        newTurn = Array(turn)
    }
}
