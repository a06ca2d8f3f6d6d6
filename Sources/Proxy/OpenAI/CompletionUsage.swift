import NIOCore

/// Token counts reported to the client as OpenAI's `usage` object.
public struct CompletionUsage: Sendable, Equatable {
    /// Tokens in the prompt.
    public var promptTokens: Int
    /// Tokens in the answer.
    public var completionTokens: Int
    /// Their sum.
    public var totalTokens: Int { promptTokens + completionTokens }

    /// Creates usage figures.
    public init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }

    /// The arena's own figures when it sent them, otherwise an estimate from the texts.
    public static func resolve(upstream: ArenaUsage?, promptText: String, completionText: String) -> CompletionUsage {
        if let upstream {
            return CompletionUsage(promptTokens: upstream.promptTokens, completionTokens: upstream.completionTokens)
        }
        return CompletionUsage(promptTokens: TokenEstimate.count(promptText), completionTokens: TokenEstimate.count(completionText))
    }

    /// Writes `{"prompt_tokens":..,"completion_tokens":..,"total_tokens":..}`.
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{\"prompt_tokens\":")
        buffer.writeString(String(promptTokens))
        buffer.writeStaticString(",\"completion_tokens\":")
        buffer.writeString(String(completionTokens))
        buffer.writeStaticString(",\"total_tokens\":")
        buffer.writeString(String(totalTokens))
        buffer.writeStaticString("}")
    }
}

/// A tokenizer-free token estimate, used when lmarena sends no usage.
///
/// English text averages about four bytes per token in the GPT tokenizers; characters outside
/// ASCII (CJK, emoji) are mostly a token or more each. So: ASCII bytes / 4, rounded up, plus
/// one per non-ASCII character. It is an estimate, documented as one in the README.
public enum TokenEstimate {
    /// Estimated tokens in `text`; 0 for empty text.
    public static func count(_ text: String) -> Int {
        var asciiBytes = 0
        var others = 0
        for scalar in text.unicodeScalars {
            if scalar.isASCII { asciiBytes += 1 } else { others += 1 }
        }
        return (asciiBytes + 3) / 4 + others
    }
}

/// Maps lmarena's finish reasons (Vercel AI SDK names) to OpenAI's.
public enum FinishReason {
    /// `stop`, `length` or `content_filter`; anything else, or none, is `stop`.
    public static func openAI(_ upstream: String?) -> String {
        switch upstream {
        case "length": return "length"
        case "content-filter", "content_filter": return "content_filter"
        default: return "stop"
        }
    }
}
