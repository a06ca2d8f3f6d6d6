import ArenaWire
import NIOCore

/// Writes an answer as OpenAI `chat.completion.chunk` server-sent events.
///
/// Every frame carries the same `id`, `created` and `model`; the first delta carries
/// `role: assistant`; `finish_reason` is `null` until the last chunk; with `include_usage` one
/// more chunk with `choices: []` carries the usage; `data: [DONE]` ends the stream. The fixed
/// parts of a frame are encoded once, so a text delta costs one escape of its text.
package struct ChatCompletionStreamEncoder: Sendable {
    private let framePrefix: ByteBuffer
    private let frameSuffix: ByteBuffer
    /// `{"index":N,"delta":{`: the start of every choice of this encoder.
    private let choiceOpen: ByteBuffer
    private let includeUsage: Bool
    /// Tool calls written so far (their position in `tool_calls` deltas).
    private var callsWritten = 0
    private var sentRole = false
    private var sentContent = false
    /// Search sources seen so far, written as annotations before the last chunk.
    private var citations: [URLCitation] = []
    /// An estimate of the answer's tokens so far (images as their markdown), kept as counts, not text.
    package private(set) var completionTally = TokenEstimate.Tally()

    /// Creates an encoder for one completion; `index` is the choice it writes (for `n` > 1).
    package init(id: String, created: Int, model: String, includeUsage: Bool, index: Int = 0) {
        var prefix = ByteBuffer()
        prefix.writeStaticString("data: ")
        CompletionHeader.write(object: "chat.completion.chunk", id: id, created: created, model: model, into: &prefix)
        framePrefix = prefix
        var suffix = ByteBuffer()
        suffix.writeStaticString("]")
        if includeUsage { suffix.writeStaticString(",\"usage\":null") }
        suffix.writeStaticString("}\n\n")
        frameSuffix = suffix
        var open = ByteBuffer()
        open.writeString("{\"index\":\(index),\"delta\":{")
        choiceOpen = open
        self.includeUsage = includeUsage
    }

    /// Writes an event, its text through `shaper` when the request needs one (nothing is
    /// captured or copied on the plain path: this runs for every upstream event).
    package mutating func write(_ event: ArenaEvent, shaping shaper: inout AnswerShaper?, legacy: Bool, into buffer: inout ByteBuffer) {
        guard shaper != nil, case .text(let text) = event else { return write(event, into: &buffer) }
        writePieces(shaper!.feed(text), legacy: legacy, into: &buffer)
    }

    /// Writes what a shaper let through: text and whole tool calls.
    package mutating func writePieces(_ pieces: [AnswerShaper.Piece], legacy: Bool, into buffer: inout ByteBuffer) {
        for piece in pieces {
            switch piece {
            case .text(let part): writeText(part, into: &buffer)
            case .call(let call): writeToolCall(call, legacy: legacy, into: &buffer)
            }
        }
    }

    /// Writes answer text (what a shaper let through).
    package mutating func writeText(_ text: String, into buffer: inout ByteBuffer) {
        writeDelta(field: "content", text: text, into: &buffer)
        completionTally.add(text)
    }

    /// Writes a whole tool call as one `tool_calls` delta (or a legacy `function_call` delta).
    package mutating func writeToolCall(_ call: ToolCall, legacy: Bool, into buffer: inout ByteBuffer) {
        buffer.writeImmutableBuffer(framePrefix)
        buffer.writeImmutableBuffer(choiceOpen)
        if !sentRole {
            buffer.writeStaticString("\"role\":\"assistant\",\"content\":null,")
            sentRole = true
        }
        if legacy {
            buffer.writeStaticString("\"function_call\":")
            ChatChoice.writeFunction(call, into: &buffer)
        } else {
            buffer.writeStaticString("\"tool_calls\":[{\"index\":")
            buffer.writeString(String(callsWritten))
            buffer.writeStaticString(",\"id\":")
            JSONStringCodec.write(call.id, into: &buffer)
            buffer.writeStaticString(",\"type\":\"function\",\"function\":")
            ChatChoice.writeFunction(call, into: &buffer)
            buffer.writeStaticString("}]")
        }
        buffer.writeStaticString("},\"logprobs\":null,\"finish_reason\":null}")
        buffer.writeImmutableBuffer(frameSuffix)
        callsWritten += 1
        completionTally.add(call.name + call.arguments)
    }

    /// Writes the frame for a content event (text, reasoning or images); other events write nothing.
    package mutating func write(_ event: ArenaEvent, into buffer: inout ByteBuffer) {
        switch event {
        case .text(let text):
            writeDelta(field: "content", text: text, into: &buffer)
            completionTally.add(text)
        case .reasoning(let text):
            writeDelta(field: "reasoning_content", text: text, into: &buffer)
        case .images(let urls):
            let markdown = ImageMarkdown.render(urls, continuing: sentContent)
            writeDelta(field: "content", text: markdown, into: &buffer)
            completionTally.add(markdown)
        case .citation(let url, let title):
            citations.append(URLCitation(url: url, title: title, start: completionTally.scalars))
        case .error, .finish:
            return
        }
    }

    /// Writes the last chunk with its finish reason, the usage chunk when asked for, and `[DONE]`.
    /// With `closing` false (one choice of several), only the choice's last chunk is written.
    package func writeEnd(finishReason: String, usage: CompletionUsage, into buffer: inout ByteBuffer, closing: Bool = true) {
        if !citations.isEmpty {
            // Each citation spans from where it arrived to the end of the answer, known only now.
            buffer.writeImmutableBuffer(framePrefix)
            buffer.writeImmutableBuffer(choiceOpen)
            buffer.writeStaticString("\"annotations\":")
            URLCitation.write(citations, end: completionTally.scalars, into: &buffer)
            buffer.writeStaticString("},\"logprobs\":null,\"finish_reason\":null}")
            buffer.writeImmutableBuffer(frameSuffix)
        }
        buffer.writeImmutableBuffer(framePrefix)
        buffer.writeImmutableBuffer(choiceOpen)
        buffer.writeStaticString("},\"logprobs\":null,\"finish_reason\":")
        JSONStringCodec.write(finishReason, into: &buffer)
        buffer.writeStaticString("}")
        buffer.writeImmutableBuffer(frameSuffix)
        guard closing else { return }
        if includeUsage {
            buffer.writeImmutableBuffer(framePrefix)
            buffer.writeStaticString("],\"usage\":")
            usage.write(into: &buffer)
            buffer.writeStaticString("}\n\n")
        }
        buffer.writeStaticString("data: [DONE]\n\n")
    }

    /// Writes `data: {"error":{...}}`, the frame that reports a failure after content has streamed.
    package static func writeError(_ error: OpenAIError, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("data: {\"error\":")
        error.writeObject(into: &buffer)
        buffer.writeStaticString("}\n\n")
    }

    private mutating func writeDelta(field: StaticString, text: String, into buffer: inout ByteBuffer) {
        buffer.writeImmutableBuffer(framePrefix)
        buffer.writeImmutableBuffer(choiceOpen)
        if !sentRole {
            buffer.writeStaticString("\"role\":\"assistant\",")
            sentRole = true
        }
        buffer.writeStaticString("\"")
        buffer.writeStaticString(field)
        buffer.writeStaticString("\":")
        JSONStringCodec.write(text, into: &buffer)
        buffer.writeStaticString("},\"logprobs\":null,\"finish_reason\":null}")
        buffer.writeImmutableBuffer(frameSuffix)
        sentContent = true
    }
}

/// How image results read in a chat answer: markdown images.
package enum ImageMarkdown {
    /// `![image](URL)` per URL, separated by blank lines; `continuing` puts a blank line first.
    package static func render(_ urls: [String], continuing: Bool) -> String {
        let images = urls.map { "![image](\($0))" }.joined(separator: "\n\n")
        return continuing ? "\n\n" + images : images
    }
}
