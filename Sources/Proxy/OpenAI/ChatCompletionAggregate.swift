import NIOCore

/// Collects a whole answer for a non-streaming `chat.completion` response.
struct ChatCompletionAggregate: Sendable {
    /// The answer text, images as markdown.
    private(set) var content = ""
    /// The reasoning text, when the model sent any.
    private(set) var reasoning = ""
    /// The upstream finish reason, when the arena sent one.
    private(set) var upstreamFinishReason: String?
    /// The upstream usage, when the arena sent it.
    private(set) var upstreamUsage: ArenaUsage?
    /// Image URLs, in order.
    private(set) var images: [String] = []
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

    /// The `chat.completion` JSON body.
    func body(id: String, created: Int, model: String, promptText: String) -> ByteBuffer {
        let usage = CompletionUsage.resolve(upstream: upstreamUsage, promptText: promptText, completionText: content)
        var buffer = ByteBuffer()
        CompletionHeader.write(object: "chat.completion", id: id, created: created, model: model, into: &buffer)
        buffer.writeStaticString("{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":")
        JSONStringCodec.write(content, into: &buffer)
        if !reasoning.isEmpty {
            buffer.writeStaticString(",\"reasoning_content\":")
            JSONStringCodec.write(reasoning, into: &buffer)
        }
        if !citations.isEmpty {
            buffer.writeStaticString(",\"annotations\":")
            URLCitation.write(citations, end: content.unicodeScalars.count, into: &buffer)
        }
        buffer.writeStaticString(",\"refusal\":null},\"logprobs\":null,\"finish_reason\":")
        JSONStringCodec.write(FinishReason.openAI(upstreamFinishReason), into: &buffer)
        buffer.writeStaticString("}],\"usage\":")
        usage.write(into: &buffer)
        buffer.writeStaticString("}")
        return buffer
    }
}

/// The fields every completion object starts with, in both shapes.
enum CompletionHeader {
    /// Writes `{"id":..,"object":..,"created":..,"model":..,"system_fingerprint":null,"choices":[`.
    static func write(object: StaticString, id: String, created: Int, model: String, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{\"id\":")
        JSONStringCodec.write(id, into: &buffer)
        buffer.writeStaticString(",\"object\":\"")
        buffer.writeStaticString(object)
        buffer.writeStaticString("\",\"created\":")
        buffer.writeString(String(created))
        buffer.writeStaticString(",\"model\":")
        JSONStringCodec.write(model, into: &buffer)
        buffer.writeStaticString(",\"system_fingerprint\":null,\"choices\":[")
    }
}
