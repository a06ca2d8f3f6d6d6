import ArenaWire
import NIOCore

/// A chat completion as `chat.completion.chunk` frames: the encoder, and the shaper when the
/// request needs one (tools, stop, limits, JSON).
package struct ChatCompletionFrames: AnswerFrames {
    /// `chat completion`.
    package static let name = "chat completion"

    private var encoder: ChatCompletionStreamEncoder
    private var shaper: AnswerShaper?
    private let legacy: Bool
    private let promptText: String
    /// The model name the client asked for.
    package let model: String

    /// The frames of `completion`, answering `request` whose conversation reads as `promptText`.
    package init(_ completion: CompletionIdentity, request: ChatCompletionRequest, promptText: String) {
        encoder = ChatCompletionStreamEncoder(
            id: completion.id, created: completion.created, model: completion.model, includeUsage: request.includeUsage)
        shaper = request.needsShaping ? AnswerShaper(for: request) : nil
        legacy = request.needsShaping && request.legacyFunctions
        self.promptText = promptText
        model = completion.model
    }

    /// Whether the shaper cut the answer.
    package var isCut: Bool { shaper?.cut != nil }

    /// Nothing: the first delta carries the role.
    package func start(into buffer: inout ByteBuffer) {}

    /// The event's delta, through the shaper when there is one.
    package mutating func write(_ event: ArenaEvent, into buffer: inout ByteBuffer) {
        encoder.write(event, shaping: &shaper, legacy: legacy, into: &buffer)
    }

    /// What the shaper held back, the finish reason, the usage when asked for, and `[DONE]`.
    package mutating func finish(upstreamReason: String?, usage: ArenaUsage?, into buffer: inout ByteBuffer) {
        var reason = FinishReason.openAI(upstreamReason)
        if shaper != nil {
            encoder.writePieces(shaper!.finish(), legacy: legacy, into: &buffer)
            reason = shaper!.finishReason(upstream: reason, legacyFunctions: legacy)
        }
        // lmarena's figures count the whole answer; a cut answer is counted by what was sent.
        let counted = shaper?.cut == nil ? usage : nil
        let resolved = CompletionUsage.resolve(upstream: counted, promptText: promptText, completionTokens: encoder.completionTally.tokens)
        encoder.writeEnd(finishReason: reason, usage: resolved, into: &buffer)
    }

    /// `data: {"error": …}`, and no `[DONE]`: the stream did not complete.
    package func fail(_ error: OpenAIError, into buffer: inout ByteBuffer) {
        ChatCompletionStreamEncoder.writeError(error, into: &buffer)
    }
}
