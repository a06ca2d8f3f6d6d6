import NIOCore

/// A type-erased, single-pass async sequence of response body chunks.
///
/// Each element is one read from the upstream connection (or one recorded chunk in replay), so
/// the chunk boundaries that reach the stream parser are the ones the network produced.
public struct ArenaBody: AsyncSequence, Sendable {
    /// One chunk of the body.
    public typealias Element = ByteBuffer

    private let makeIterator: @Sendable () -> AsyncIterator

    /// Wraps any sendable async sequence of byte buffers.
    public init<Base: AsyncSequence & Sendable>(_ base: Base) where Base.Element == ByteBuffer {
        self.makeIterator = {
            AsyncIterator(box: IteratorBox(base.makeAsyncIterator()))
        }
    }

    /// A body made of the given chunks, delivered at once.
    public init(chunks: [ByteBuffer]) {
        self.makeIterator = {
            AsyncIterator(box: IteratorBox(ChunkListIterator(chunks: chunks)))
        }
    }

    /// An empty body.
    public static var empty: ArenaBody { ArenaBody(chunks: []) }

    /// Starts reading the body. A body is read once.
    public func makeAsyncIterator() -> AsyncIterator {
        makeIterator()
    }

    /// Reads the chunks of an ``ArenaBody``.
    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let box: any ArenaBodyIterating

        /// The next chunk, or `nil` at the end of the body.
        public mutating func next() async throws -> ByteBuffer? {
            try await box.next()
        }
    }

    /// Collects the whole body, failing once more than `limit` bytes arrived.
    public func collect(upTo limit: Int) async throws -> ByteBuffer {
        var result = ByteBuffer()
        for try await var chunk in self {
            guard result.readableBytes + chunk.readableBytes <= limit else {
                throw ArenaBodyTooLarge(limit: limit)
            }
            result.writeBuffer(&chunk)
        }
        return result
    }

    /// Collects up to `limit` bytes and drops the rest of the body unread.
    public func prefix(upTo limit: Int) async throws -> ByteBuffer {
        var result = ByteBuffer()
        for try await var chunk in self {
            let room = limit - result.readableBytes
            if chunk.readableBytes >= room {
                if room > 0, var head = chunk.readSlice(length: room) {
                    result.writeBuffer(&head)
                }
                break
            }
            result.writeBuffer(&chunk)
        }
        return result
    }
}

/// Thrown by ``ArenaBody/collect(upTo:)`` when a body is larger than allowed.
package struct ArenaBodyTooLarge: Error, Sendable {
    /// The limit that was passed, in bytes.
    public let limit: Int
}

protocol ArenaBodyIterating: AnyObject {
    func next() async throws -> ByteBuffer?
}

private final class IteratorBox<Base: AsyncIteratorProtocol>: ArenaBodyIterating where Base.Element == ByteBuffer {
    private var base: Base

    init(_ base: Base) {
        self.base = base
    }

    func next() async throws -> ByteBuffer? {
        try await base.next()
    }
}

private struct ChunkListIterator: AsyncIteratorProtocol {
    let chunks: [ByteBuffer]
    var index = 0

    mutating func next() async throws -> ByteBuffer? {
        guard index < chunks.count else { return nil }
        defer { index += 1 }
        return chunks[index]
    }
}
