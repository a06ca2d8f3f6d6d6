/// One meaningful line of an lmarena response stream.
public enum ArenaEvent: Sendable, Equatable {
    /// A piece of the answer's text (`a0:`).
    case text(String)
    /// A piece of the model's reasoning (`ag:`), `reasoning_content` for OpenAI clients.
    case reasoning(String)
    /// Image results (`a2:` entries of type `image`), as URLs.
    case images([String])
    /// The arena reported an error (`a3:`, or the `hasArenaError` marker in `a0:`).
    case error(String)
    /// The message finished (`ad:`), with the finish reason and usage when the arena sent them.
    case finish(reason: String?, usage: ArenaUsage?)
    /// A search model's source (`ac:` with `toolCallId: "citation-source"`).
    case citation(url: String, title: String?)

    /// Whether this event carries content for the client (text, reasoning or images).
    public var isContent: Bool {
        switch self {
        case .text, .reasoning, .images: return true
        case .error, .finish, .citation: return false
        }
    }
}

/// Token counts from an lmarena finish line.
public struct ArenaUsage: Sendable, Equatable {
    /// Tokens in the prompt.
    public var promptTokens: Int
    /// Tokens in the answer.
    public var completionTokens: Int

    /// Creates usage figures.
    public init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
}

/// Why a stream could not be parsed.
enum ArenaStreamError: Error, Sendable, Equatable {
    /// A known line's payload was not the JSON it should be.
    case malformedLine(prefix: String, detail: String)
    /// A single line grew past the parser's limit without a newline.
    case lineTooLong(limit: Int)
}
