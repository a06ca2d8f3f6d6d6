import ArenaWire
import Foundation
import NIOCore

/// One choice of a `chat.completion`, shaped as the request asked: its content (or `null` when
/// the answer is only tool calls), reasoning, citations, tool calls and finish reason.
package struct ChatChoice: Sendable, Equatable {
    /// Its position in `choices`.
    package var index: Int
    /// The answer text; `nil` for an answer of tool calls only.
    package var content: String?
    /// The reasoning text, when the model sent any.
    package var reasoning = ""
    /// Search sources, as annotations.
    var citations: [URLCitation] = []
    /// Tool calls taken out of the answer.
    package var toolCalls: [ToolCall] = []
    /// Whether the calls go out as a legacy `function_call` (the request used `functions`).
    package var legacyFunctions = false
    /// `stop`, `length`, `tool_calls`, `function_call` or `content_filter`.
    package var finishReason: String

    /// The choice for a collected answer, shaped for `request`: tool calls taken out, `stop`
    /// and `max_tokens` applied, and a JSON answer extracted and checked (a 502 when it fails).
    package init(_ aggregate: ChatCompletionAggregate, index: Int, request: ChatCompletionRequest) throws(OpenAIError) {
        self.index = index
        reasoning = aggregate.reasoning
        citations = aggregate.citations
        var text = aggregate.content
        finishReason = FinishReason.openAI(aggregate.upstreamFinishReason)
        if request.needsShaping {
            var shaper = AnswerShaper(for: request)
            let pieces = shaper.feed(text) + shaper.finish()
            text = pieces.map { piece -> String in if case .text(let part) = piece { return part } else { return "" } }.joined()
            toolCalls = shaper.calls
            legacyFunctions = request.legacyFunctions
            finishReason = shaper.finishReason(upstream: finishReason, legacyFunctions: request.legacyFunctions)
        }
        if request.responseFormat.wantsJSON, toolCalls.isEmpty, finishReason != "length" {
            text = try StructuredOutput.content(of: text, format: request.responseFormat)
        }
        let onlyCalls = !toolCalls.isEmpty && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        content = onlyCalls ? nil : text
    }

    /// The tokens of what the choice says, by the usage estimate.
    package var completionTokens: Int {
        var tally = TokenEstimate.Tally()
        tally.add(content ?? "")
        for call in toolCalls { tally.add(call.name + call.arguments) }
        return tally.tokens
    }

    /// Writes `{"index":..,"message":{..},"logprobs":null,"finish_reason":..}`.
    func write(into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{\"index\":")
        buffer.writeString(String(index))
        buffer.writeStaticString(",\"message\":{\"role\":\"assistant\",\"content\":")
        if let content { JSONStringCodec.write(content, into: &buffer) } else { buffer.writeStaticString("null") }
        if !reasoning.isEmpty {
            buffer.writeStaticString(",\"reasoning_content\":")
            JSONStringCodec.write(reasoning, into: &buffer)
        }
        if !citations.isEmpty {
            buffer.writeStaticString(",\"annotations\":")
            URLCitation.write(citations, end: (content ?? "").unicodeScalars.count, into: &buffer)
        }
        if legacyFunctions, let call = toolCalls.first {
            buffer.writeStaticString(",\"function_call\":")
            Self.writeFunction(call, into: &buffer)
        } else if !toolCalls.isEmpty {
            buffer.writeStaticString(",\"tool_calls\":[")
            for (position, call) in toolCalls.enumerated() {
                if position > 0 { buffer.writeStaticString(",") }
                buffer.writeStaticString("{\"id\":")
                JSONStringCodec.write(call.id, into: &buffer)
                buffer.writeStaticString(",\"type\":\"function\",\"function\":")
                Self.writeFunction(call, into: &buffer)
                buffer.writeStaticString("}")
            }
            buffer.writeStaticString("]")
        }
        buffer.writeStaticString(",\"refusal\":null},\"logprobs\":null,\"finish_reason\":")
        JSONStringCodec.write(finishReason, into: &buffer)
        buffer.writeStaticString("}")
    }

    /// `{"name":..,"arguments":..}`.
    static func writeFunction(_ call: ToolCall, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{\"name\":")
        JSONStringCodec.write(call.name, into: &buffer)
        buffer.writeStaticString(",\"arguments\":")
        JSONStringCodec.write(call.arguments, into: &buffer)
        buffer.writeStaticString("}")
    }

    /// The whole `chat.completion` body for `choices`.
    package static func body(id: String, created: Int, model: String, choices: [ChatChoice], usage: CompletionUsage) -> ByteBuffer {
        var buffer = ByteBuffer()
        CompletionHeader.write(object: "chat.completion", id: id, created: created, model: model, into: &buffer)
        for (position, choice) in choices.enumerated() {
            if position > 0 { buffer.writeStaticString(",") }
            choice.write(into: &buffer)
        }
        buffer.writeStaticString("],\"usage\":")
        usage.write(into: &buffer)
        buffer.writeStaticString("}")
        return buffer
    }
}
