import NIOCore

/// Reads ``ArenaEvent``s from an upstream body, one at a time.
///
/// Events of one upstream chunk are handed out together: ``hasBufferedEvents`` tells a writer
/// when it has reached the end of a chunk and should flush.
public final class ArenaEventReader {
    private var iterator: ArenaBody.AsyncIterator
    private var parser: ArenaStreamParser
    private var buffered: [ArenaEvent] = []
    private var position = 0
    private var ended = false
    /// Body bytes read so far.
    public private(set) var bytesRead = 0
    /// Body chunks read so far.
    public private(set) var chunksRead = 0
    /// The first bytes of the body (up to 512), to recognise a page that is not a stream.
    public private(set) var head = ByteBuffer()
    /// Whether to keep a preview of each chunk for debug logs (off on the hot path).
    public var keepsChunkPreviews = false
    /// Takes the latest chunk's text (at most 500 bytes), once; kept only with ``keepsChunkPreviews``.
    public func takeChunkPreview() -> String? {
        defer { pendingPreview = nil }
        return pendingPreview
    }
    private var pendingPreview: String?

    /// Creates a reader over `body`.
    public init(body: ArenaBody, parser: ArenaStreamParser = ArenaStreamParser()) {
        self.iterator = body.makeAsyncIterator()
        self.parser = parser
    }

    /// Whether events from the current chunk are still waiting.
    public var hasBufferedEvents: Bool { position < buffered.count }

    /// The next event, `nil` once the body has ended. Throws transport and parse errors.
    public func next() async throws -> ArenaEvent? {
        while position >= buffered.count {
            guard !ended else { return nil }
            buffered.removeAll(keepingCapacity: true)
            position = 0
            if let chunk = try await iterator.next() {
                bytesRead += chunk.readableBytes
                chunksRead += 1
                if keepsChunkPreviews {
                    pendingPreview = String(decoding: chunk.readableBytesView.prefix(500), as: UTF8.self)
                }
                if head.readableBytes < 512 {
                    var start = chunk.getSlice(at: chunk.readerIndex, length: min(chunk.readableBytes, 512 - head.readableBytes)) ?? ByteBuffer()
                    head.writeBuffer(&start)
                }
                try parser.feed(chunk, into: &buffered)
            } else {
                ended = true
                try parser.finish(into: &buffered)
            }
        }
        defer { position += 1 }
        return buffered[position]
    }
}

/// Hands a value that one task at a time uses to another task (a response body writer).
///
/// The gateway reads an upstream stream in the handler until the first content event, then the
/// response body writer continues reading it: never both at once.
public struct SequentialHandoff<Value>: @unchecked Sendable {
    /// The value handed over.
    public let value: Value

    /// Wraps `value`.
    public init(_ value: Value) {
        self.value = value
    }
}
