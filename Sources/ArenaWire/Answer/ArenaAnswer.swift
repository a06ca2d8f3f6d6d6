import NIOCore
import NIOHTTP1

/// One upstream answer, read and classified in one place.
///
/// ``open(_:session:started:)`` decides from the response head whether it is a stream at all
/// (status, Cloudflare, HTML) and reads up to the first content event; after that ``next()``
/// hands out the remaining events. Every failure, at any point, is an ``UpstreamFailure``. Two
/// consumers read it: the stream writer (`AnswerStreamer`) and the collector
/// (`ChatCompletionAggregate.collect`). One task reads it at a time; `AnswerHandoff` moves it
/// from the handler to the response body writer.
package final class ArenaAnswer {
    /// The session that is answering.
    package let session: ArenaSession
    /// When the upstream request was sent.
    package let started: ContinuousClock.Instant
    /// The first content event (text, reasoning or images).
    package private(set) var first: ArenaEvent = .finish(reason: nil, usage: nil)
    /// Citations that arrived before the first content event, in order.
    package private(set) var leading: [ArenaEvent] = []
    /// Body chunks read so far.
    package private(set) var chunksRead = 0
    /// Whether to keep a preview of each chunk for debug logs (off on the hot path).
    package var keepsChunkPreviews = false
    /// Called once when the answer is let go, read to its end or not (the account's turn ends then).
    package var whenDone: (@Sendable () -> Void)?

    private var iterator: ArenaBody.AsyncIterator
    private var parser = ArenaStreamParser()
    private var buffered: [ArenaEvent] = []
    private var position = 0
    private var ended = false
    /// Whether the finish line (`ad:`) arrived; an answer can also end cleanly without one.
    package private(set) var finished = false
    private var head = ByteBuffer()
    private var pendingPreview: String?

    private init(body: ArenaBody, session: ArenaSession, started: ContinuousClock.Instant) {
        self.iterator = body.makeAsyncIterator()
        self.session = session
        self.started = started
    }

    deinit {
        whenDone?()
    }

    /// Classifies `response` and reads it up to its first content event. Throws the failure when
    /// it is not a stream, reports an error first, or ends without content.
    package static func open(
        _ response: ArenaResponse, session: ArenaSession, started: ContinuousClock.Instant
    ) async throws(UpstreamFailure) -> ArenaAnswer {
        let contentType = response.headers.first(name: "content-type")?.lowercased() ?? ""
        if !(200..<300).contains(response.status) || contentType.contains("text/html") {
            let body = (try? await response.body.prefix(upTo: CloudflareDetector.maxParsedBytes)) ?? ByteBuffer()
            throw UpstreamFailure.head(status: response.status, headers: response.headers, body: body)
                ?? UpstreamFailure.page(status: response.status, headers: response.headers, body: body)
        }
        let answer = ArenaAnswer(body: response.body, session: session, started: started)
        while let event = try await answer.read() {
            if event.isContent {
                answer.first = event
                return answer
            }
            if case .citation = event { answer.leading.append(event) }
        }
        // Not one piece of content: a page sent as a stream, or an empty answer.
        if UpstreamBodyDetail.isHTML(contentType: nil, firstBytes: answer.head) {
            throw UpstreamFailure.page(status: response.status, headers: response.headers, body: answer.head)
        }
        throw UpstreamFailure.empty
    }

    /// The next event after the first: content, then one `finish`; `nil` once the answer ended.
    /// An error line, a broken connection or an unreadable line throws.
    package func next() async throws(UpstreamFailure) -> ArenaEvent? {
        guard !finished, let event = try await read() else { return nil }
        if case .finish = event { finished = true }
        return event
    }

    /// Whether events from the current upstream chunk are still waiting: a writer flushes when
    /// this turns false, so one upstream read becomes one write.
    package var hasBufferedEvents: Bool { position < buffered.count }

    /// Takes the latest chunk's text (at most 500 bytes), once; kept only with ``keepsChunkPreviews``.
    package func takeChunkPreview() -> String? {
        defer { pendingPreview = nil }
        return pendingPreview
    }

    /// The next parsed event, with error lines thrown as failures.
    private func read() async throws(UpstreamFailure) -> ArenaEvent? {
        while position >= buffered.count {
            guard !ended else { return nil }
            buffered.removeAll(keepingCapacity: true)
            position = 0
            do {
                if let chunk = try await iterator.next() {
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
            } catch {
                throw UpstreamFailure.reading(error)
            }
        }
        let event = buffered[position]
        position += 1
        if case .error(let message) = event { throw UpstreamFailure.arenaError(message) }
        return event
    }
}
