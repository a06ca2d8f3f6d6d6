import ArenaWire
import NIOCore

/// Collects a whole answer for a non-streaming `chat.completion` response.
package struct ChatCompletionAggregate: Sendable {
    /// The answer text, images as markdown.
    package private(set) var content = ""
    /// The reasoning text, when the model sent any.
    private(set) var reasoning = ""
    /// The upstream finish reason, when the arena sent one.
    private(set) var upstreamFinishReason: String?
    /// The upstream usage, when the arena sent it.
    package private(set) var upstreamUsage: ArenaUsage?
    /// Image URLs, in order.
    package private(set) var images: [String] = []
    /// Search sources, in order.
    private(set) var citations: [URLCitation] = []

    /// Creates an empty aggregate.
    init() {}

    /// Adds an event.
    mutating func add(_ event: ArenaEvent) {
        switch event {
        case .text(let text): content += text
        case .reasoning(let text): reasoning += text
        case .images(let urls):
            content += ImageMarkdown.render(urls, continuing: !content.isEmpty)
            images += urls
        case .finish(let reason, let usage):
            upstreamFinishReason = reason
            if let usage { upstreamUsage = usage }
        case .citation(let url, let title):
            citations.append(URLCitation(url: url, title: title, start: content.unicodeScalars.count))
        case .error: break
        }
    }
}

/// The fields every completion object starts with, in both shapes.
enum CompletionHeader {
    /// Writes `{"id":..,"object":..,"created":..,"model":..,"choices":[` (no `system_fingerprint`:
    /// OpenAI's schema wants a string when it is there, and lmarena has none to give).
    static func write(object: StaticString, id: String, created: Int, model: String, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{\"id\":")
        JSONStringCodec.write(id, into: &buffer)
        buffer.writeStaticString(",\"object\":\"")
        buffer.writeStaticString(object)
        buffer.writeStaticString("\",\"created\":")
        buffer.writeString(String(created))
        buffer.writeStaticString(",\"model\":")
        JSONStringCodec.write(model, into: &buffer)
        buffer.writeStaticString(",\"choices\":[")
    }
}
