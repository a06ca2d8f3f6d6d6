import ArenaWire
import NIOCore

/// One item of a response's `output`: a reasoning summary, an assistant message or a function
/// call, written in the form an event or the response object shows it.
package enum ResponseItem: Sendable, Equatable {
    /// Reasoning text, as a reasoning summary.
    case reasoning(id: String, text: String)
    /// Answer text, as an assistant message with one `output_text` part.
    case message(id: String, text: String)
    /// A tool call, whole.
    case functionCall(id: String, call: ToolCall)

    /// The item's id (`rs_…`, `msg_…`, `fc_…`).
    package var id: String {
        switch self {
        case .reasoning(let id, _), .message(let id, _), .functionCall(let id, _): return id
        }
    }

    /// The arguments of a function call; empty for the other kinds.
    var arguments: String {
        if case .functionCall(_, let call) = self { return call.arguments }
        return ""
    }

    /// Writes the item as `response.output_item.added` shows it (`forming`, no content yet) or
    /// as it is once done.
    func write(forming: Bool, into buffer: inout ByteBuffer) {
        switch self {
        case .reasoning(let id, let text):
            buffer.writeStaticString("{\"type\":\"reasoning\",\"id\":")
            JSONStringCodec.write(id, into: &buffer)
            buffer.writeStaticString(",\"summary\":[")
            if !forming { Self.writeSummary(text, into: &buffer) }
            buffer.writeStaticString("]}")
        case .message(let id, let text):
            buffer.writeStaticString("{\"type\":\"message\",\"id\":")
            JSONStringCodec.write(id, into: &buffer)
            buffer.writeStaticString(forming ? ",\"status\":\"in_progress\"" : ",\"status\":\"completed\"")
            buffer.writeStaticString(",\"role\":\"assistant\",\"content\":[")
            if !forming { Self.writeOutputText(text, into: &buffer) }
            buffer.writeStaticString("]}")
        case .functionCall(let id, let call):
            buffer.writeStaticString("{\"type\":\"function_call\",\"id\":")
            JSONStringCodec.write(id, into: &buffer)
            buffer.writeStaticString(",\"call_id\":")
            JSONStringCodec.write(call.id, into: &buffer)
            buffer.writeStaticString(",\"name\":")
            JSONStringCodec.write(call.name, into: &buffer)
            buffer.writeStaticString(",\"arguments\":")
            JSONStringCodec.write(forming ? "" : call.arguments, into: &buffer)
            buffer.writeStaticString(forming ? ",\"status\":\"in_progress\"}" : ",\"status\":\"completed\"}")
        }
    }

    /// `{"type":"summary_text","text":…}`.
    static func writeSummary(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{\"type\":\"summary_text\",\"text\":")
        JSONStringCodec.write(text, into: &buffer)
        buffer.writeStaticString("}")
    }

    /// `{"type":"output_text","text":…,"annotations":[],"logprobs":[]}`.
    static func writeOutputText(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{\"type\":\"output_text\",\"text\":")
        JSONStringCodec.write(text, into: &buffer)
        buffer.writeStaticString(",\"annotations\":[],\"logprobs\":[]}")
    }
}
