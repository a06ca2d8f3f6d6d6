import ArenaWire
import NIOCore

/// A response as Responses API events (`event: TYPE` and `data: {…}`, numbered by
/// `sequence_number`): `response.created`, `response.in_progress`, the items as they form,
/// then `response.completed` (`response.incomplete` at `max_output_tokens`) or `response.failed`.
package struct ResponseFrames: AnswerFrames {
    /// `response`.
    package static let name = "response"

    private let object: ResponseObject
    private var output = ResponseOutput()
    private var shaper: AnswerShaper
    /// The next event's `sequence_number`.
    private var sequence = 0

    /// The events of `object`'s answer.
    package init(_ object: ResponseObject) {
        self.object = object
        shaper = AnswerShaper(for: object.request.chat)
    }

    /// The model name the client asked for.
    package var model: String { object.request.chat.model }
    /// Whether the shaper cut the answer.
    package var isCut: Bool { shaper.cut != nil }

    /// `response.created` and `response.in_progress`.
    package mutating func start(into buffer: inout ByteBuffer) {
        writeResponse("response.created", status: .inProgress, into: &buffer)
        writeResponse("response.in_progress", status: .inProgress, into: &buffer)
    }

    /// Reasoning as a summary; text and images through the shaper.
    package mutating func write(_ event: ArenaEvent, into buffer: inout ByteBuffer) {
        switch event {
        case .reasoning(let text): write(output.reasoning(text), into: &buffer)
        case .text(let text): write(shaper.feed(text), into: &buffer)
        case .images(let urls): write(shaper.feed(ImageMarkdown.render(urls, continuing: !output.text.isEmpty)), into: &buffer)
        case .citation, .error, .finish: break
        }
    }

    /// What the shaper held back, the last item closed, and `response.completed` or `response.incomplete`.
    package mutating func finish(upstreamReason: String?, usage: ArenaUsage?, into buffer: inout ByteBuffer) {
        write(shaper.finish(), into: &buffer)
        write(output.close(), into: &buffer)
        let incomplete = shaper.finishReason(upstream: FinishReason.openAI(upstreamReason)) == "length"
        writeResponse(incomplete ? "response.incomplete" : "response.completed", status: incomplete ? .incomplete : .completed, into: &buffer)
    }

    /// The last item closed and `response.failed` carrying `error`.
    package mutating func fail(_ error: OpenAIError, into buffer: inout ByteBuffer) {
        write(output.close(), into: &buffer)
        writeResponse("response.failed", status: .failed, error: error, into: &buffer)
    }

    private mutating func write(_ pieces: [AnswerShaper.Piece], into buffer: inout ByteBuffer) {
        for piece in pieces {
            switch piece {
            case .text(let text): write(output.output(text), into: &buffer)
            case .call(let call): write(output.call(call), into: &buffer)
            }
        }
    }

    private mutating func write(_ events: [ResponseEvent], into buffer: inout ByteBuffer) {
        for event in events {
            writeHead(event.type, into: &buffer)
            event.writeFields(into: &buffer)
            buffer.writeStaticString("}\n\n")
        }
    }

    /// An event that carries the response object.
    private mutating func writeResponse(_ type: StaticString, status: ResponseObject.Status, error: OpenAIError? = nil, into buffer: inout ByteBuffer)
    {
        writeHead(type, into: &buffer)
        buffer.writeStaticString(",\"response\":")
        object.write(status: status, output: status == .inProgress ? ResponseOutput() : output, error: error, into: &buffer)
        buffer.writeStaticString("}\n\n")
    }

    /// `event: TYPE`, then `data: {"type":TYPE,"sequence_number":N` (the fields follow).
    private mutating func writeHead(_ type: StaticString, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("event: ")
        buffer.writeStaticString(type)
        buffer.writeStaticString("\ndata: {\"type\":\"")
        buffer.writeStaticString(type)
        buffer.writeStaticString("\",\"sequence_number\":")
        buffer.writeString(String(sequence))
        sequence += 1
    }
}
