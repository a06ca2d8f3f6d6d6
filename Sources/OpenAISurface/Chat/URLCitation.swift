import ArenaWire
import NIOCore

/// A search model's source as an OpenAI `url_citation` annotation.
///
/// lmarena sends sources without positions, before or between the text lines, so a citation
/// spans the answer from where it arrived to its end (`start_index` and `end_index` count
/// Unicode scalars, as OpenAI's do). Streams carry them in one delta just before the last chunk;
/// a collected answer carries them in `message.annotations`.
struct URLCitation: Sendable, Equatable {
    /// The source's address.
    let url: String
    /// Its title, when lmarena sent one.
    let title: String?
    /// Where in the answer it arrived.
    let start: Int

    /// Writes `[{"type":"url_citation","url_citation":{...}}, ...]` with every span ending at `end`.
    static func write(_ citations: [URLCitation], end: Int, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("[")
        for (index, citation) in citations.enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            buffer.writeStaticString("{\"type\":\"url_citation\",\"url_citation\":{\"url\":")
            JSONStringCodec.write(citation.url, into: &buffer)
            buffer.writeStaticString(",\"title\":")
            JSONStringCodec.write(citation.title ?? citation.url, into: &buffer)
            buffer.writeStaticString(",\"start_index\":")
            buffer.writeString(String(min(citation.start, end)))
            buffer.writeStaticString(",\"end_index\":")
            buffer.writeString(String(end))
            buffer.writeStaticString("}}")
        }
        buffer.writeStaticString("]")
    }
}
