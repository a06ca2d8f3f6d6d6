import ArenaWire
import NIOCore

/// One streaming event about an item of a response's `output`, as ``ResponseOutput`` produces
/// them; ``ResponseEventWriter`` numbers and frames them.
package enum ResponseEvent: Sendable, Equatable {
    /// `response.output_item.added`: an item starts (shown without content).
    case itemAdded(ResponseItem, index: Int)
    /// `response.output_item.done`: an item is complete.
    case itemDone(ResponseItem, index: Int)
    /// `response.reasoning_summary_part.added`.
    case summaryPartAdded(itemID: String, index: Int)
    /// `response.reasoning_summary_text.delta`.
    case summaryTextDelta(itemID: String, index: Int, delta: String)
    /// `response.reasoning_summary_text.done`.
    case summaryTextDone(itemID: String, index: Int, text: String)
    /// `response.reasoning_summary_part.done`.
    case summaryPartDone(itemID: String, index: Int, text: String)
    /// `response.content_part.added`.
    case contentPartAdded(itemID: String, index: Int)
    /// `response.output_text.delta`.
    case outputTextDelta(itemID: String, index: Int, delta: String)
    /// `response.output_text.done`.
    case outputTextDone(itemID: String, index: Int, text: String)
    /// `response.content_part.done`.
    case contentPartDone(itemID: String, index: Int, text: String)
    /// `response.function_call_arguments.delta`.
    case argumentsDelta(itemID: String, index: Int, delta: String)
    /// `response.function_call_arguments.done`.
    case argumentsDone(itemID: String, index: Int, name: String, arguments: String)

    /// The event's `type`.
    var type: StaticString {
        switch self {
        case .itemAdded: return "response.output_item.added"
        case .itemDone: return "response.output_item.done"
        case .summaryPartAdded: return "response.reasoning_summary_part.added"
        case .summaryTextDelta: return "response.reasoning_summary_text.delta"
        case .summaryTextDone: return "response.reasoning_summary_text.done"
        case .summaryPartDone: return "response.reasoning_summary_part.done"
        case .contentPartAdded: return "response.content_part.added"
        case .outputTextDelta: return "response.output_text.delta"
        case .outputTextDone: return "response.output_text.done"
        case .contentPartDone: return "response.content_part.done"
        case .argumentsDelta: return "response.function_call_arguments.delta"
        case .argumentsDone: return "response.function_call_arguments.done"
        }
    }

    /// Writes the event's own fields, each after a comma (the type and number come first).
    func writeFields(into buffer: inout ByteBuffer) {
        switch self {
        case .itemAdded(let item, let index):
            Self.writeIndex(index, into: &buffer)
            buffer.writeStaticString(",\"item\":")
            item.write(forming: true, into: &buffer)
        case .itemDone(let item, let index):
            Self.writeIndex(index, into: &buffer)
            buffer.writeStaticString(",\"item\":")
            item.write(forming: false, into: &buffer)
        case .summaryPartAdded(let id, let index):
            Self.writePlace(id, index, summary: true, into: &buffer)
            buffer.writeStaticString(",\"part\":")
            ResponseItem.writeSummary("", into: &buffer)
        case .summaryTextDelta(let id, let index, let delta):
            Self.writePlace(id, index, summary: true, into: &buffer)
            Self.writeText(",\"delta\":", delta, into: &buffer)
        case .summaryTextDone(let id, let index, let text):
            Self.writePlace(id, index, summary: true, into: &buffer)
            Self.writeText(",\"text\":", text, into: &buffer)
        case .summaryPartDone(let id, let index, let text):
            Self.writePlace(id, index, summary: true, into: &buffer)
            buffer.writeStaticString(",\"part\":")
            ResponseItem.writeSummary(text, into: &buffer)
        case .contentPartAdded(let id, let index):
            Self.writePlace(id, index, summary: false, into: &buffer)
            buffer.writeStaticString(",\"part\":")
            ResponseItem.writeOutputText("", into: &buffer)
        case .outputTextDelta(let id, let index, let delta):
            Self.writePlace(id, index, summary: false, into: &buffer)
            Self.writeText(",\"delta\":", delta, into: &buffer)
            buffer.writeStaticString(",\"logprobs\":[]")
        case .outputTextDone(let id, let index, let text):
            Self.writePlace(id, index, summary: false, into: &buffer)
            Self.writeText(",\"text\":", text, into: &buffer)
            buffer.writeStaticString(",\"logprobs\":[]")
        case .contentPartDone(let id, let index, let text):
            Self.writePlace(id, index, summary: false, into: &buffer)
            buffer.writeStaticString(",\"part\":")
            ResponseItem.writeOutputText(text, into: &buffer)
        case .argumentsDelta(let id, let index, let delta):
            Self.writeItemID(id, index, into: &buffer)
            Self.writeText(",\"delta\":", delta, into: &buffer)
        case .argumentsDone(let id, let index, let name, let arguments):
            Self.writeItemID(id, index, into: &buffer)
            Self.writeText(",\"name\":", name, into: &buffer)
            Self.writeText(",\"arguments\":", arguments, into: &buffer)
        }
    }

    private static func writeIndex(_ index: Int, into buffer: inout ByteBuffer) {
        buffer.writeStaticString(",\"output_index\":")
        buffer.writeString(String(index))
    }

    private static func writeItemID(_ id: String, _ index: Int, into buffer: inout ByteBuffer) {
        writeText(",\"item_id\":", id, into: &buffer)
        writeIndex(index, into: &buffer)
    }

    /// The item, its index, and `summary_index` or `content_index` (always 0: one part per item).
    private static func writePlace(_ id: String, _ index: Int, summary: Bool, into buffer: inout ByteBuffer) {
        writeItemID(id, index, into: &buffer)
        buffer.writeStaticString(summary ? ",\"summary_index\":0" : ",\"content_index\":0")
    }

    private static func writeText(_ key: StaticString, _ text: String, into buffer: inout ByteBuffer) {
        buffer.writeStaticString(key)
        JSONStringCodec.write(text, into: &buffer)
    }
}
