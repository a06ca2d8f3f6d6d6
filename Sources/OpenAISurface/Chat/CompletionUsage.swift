import ArenaWire
import NIOCore

/// Token counts reported to the client as OpenAI's `usage` object.
package struct CompletionUsage: Sendable, Equatable {
    /// Tokens in the prompt.
    package var promptTokens: Int
    /// Tokens in the answer.
    package var completionTokens: Int
    /// Their sum.
    package var totalTokens: Int { promptTokens + completionTokens }

    /// Creates usage figures.
    package init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }

    /// The arena's own figures when it sent them, otherwise an estimate from the texts.
    package static func resolve(upstream: ArenaUsage?, promptText: String, completionText: String) -> CompletionUsage {
        resolve(upstream: upstream, promptText: promptText, completionTokens: TokenEstimate.count(completionText))
    }

    /// The arena's own figures when it sent them, otherwise an estimate from the prompt and an
    /// already estimated completion.
    package static func resolve(upstream: ArenaUsage?, promptText: String, completionTokens: Int) -> CompletionUsage {
        if let upstream {
            return CompletionUsage(promptTokens: upstream.promptTokens, completionTokens: upstream.completionTokens)
        }
        return CompletionUsage(promptTokens: TokenEstimate.count(promptText), completionTokens: completionTokens)
    }

    /// Writes `{"prompt_tokens":..,"completion_tokens":..,"total_tokens":..}`.
    package func write(into buffer: inout ByteBuffer) {
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
/// one per non-ASCII character. It is an estimate, documented as one in docs/API.md.
package enum TokenEstimate {
    /// Estimated tokens in `text`; 0 for empty text.
    package static func count(_ text: String) -> Int {
        var tally = Tally()
        tally.add(text)
        return tally.tokens
    }

    /// A running estimate over pieces of text: the same figure as for their concatenation,
    /// without keeping the text.
    package struct Tally: Sendable {
        private var asciiBytes = 0
        private var others = 0

        /// An empty tally.
        package init() {}

        /// Counts `text`: its ASCII bytes, and its other characters by their UTF-8 lead bytes.
        package mutating func add(_ text: String) {
            for byte in text.utf8 {
                if byte < 0x80 { asciiBytes += 1 } else if byte >= 0xC0 { others += 1 }
            }
        }

        /// The estimate so far.
        package var tokens: Int { (asciiBytes + 3) / 4 + others }
        /// The Unicode scalars counted so far (the unit of OpenAI's annotation indices).
        var scalars: Int { asciiBytes + others }
    }
}

/// Maps lmarena's finish reasons (Vercel AI SDK names) to OpenAI's.
package enum FinishReason {
    /// `stop`, `length` or `content_filter`; anything else, or none, is `stop`.
    package static func openAI(_ upstream: String?) -> String {
        switch upstream {
        case "length": return "length"
        case "content-filter", "content_filter": return "content_filter"
        default: return "stop"
        }
    }
}
