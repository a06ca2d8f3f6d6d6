import ArenaWire
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// An ``ArenaTransport`` that records every exchange of the transport it wraps into fixtures.
///
/// Each chunk is handed on the moment it arrives; the recorder keeps a reference to the same
/// buffer (no copy, no waiting). The fixture is written when the exchange ends: normally, in an
/// error or timeout, or when the client leaves (then `_fixture.outcome` says which). Everything
/// passes through the ``Redactor`` first.
public struct RecordingTransport: ArenaTransport {
    /// The transport that really talks to lmarena.
    public let base: any ArenaTransport
    /// Where fixtures go.
    public let writer: FixtureWriter
    /// What removes credentials.
    public let redactor: Redactor
    /// The dialect recorded into `_fixture`.
    public let dialect: ArenaDialect
    /// The log.
    public let logger: Logger
    /// Told about each fixture once it is on disk.
    public let onRecorded: @Sendable (URL, HARFile) -> Void
    /// Whether the gateway is shutting down (a cut exchange is then `server-shutdown`).
    public let isShuttingDown: @Sendable () -> Bool

    /// Creates a recording transport.
    public init(
        base: any ArenaTransport, writer: FixtureWriter, redactor: Redactor, dialect: ArenaDialect, logger: Logger,
        onRecorded: @escaping @Sendable (URL, HARFile) -> Void = { _, _ in }, isShuttingDown: @escaping @Sendable () -> Bool = { false }
    ) {
        self.isShuttingDown = isShuttingDown
        self.base = base
        self.writer = writer
        self.redactor = redactor
        self.dialect = dialect
        self.logger = logger
        self.onRecorded = onRecorded
    }

    /// Sends through the wrapped transport and records what comes back.
    public func send(_ request: ArenaRequest) async throws -> ArenaResponse {
        let recording = ExchangeRecording(
            request: request, redactor: redactor, writer: writer, dialect: dialect, logger: logger, onRecorded: onRecorded,
            isShuttingDown: isShuttingDown)
        let response: ArenaResponse
        do {
            response = try await base.send(request)
        } catch {
            recording.finish(outcome: ExchangeRecording.outcome(of: error))
            throw error
        }
        recording.head(status: response.status, headers: response.headers)
        return ArenaResponse(
            status: response.status, headers: response.headers, body: ArenaBody(RecordingBody(base: response.body, recording: recording)))
    }
}

/// A body that hands on each chunk and records it.
struct RecordingBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: ArenaBody
    let recording: ExchangeRecording

    func makeAsyncIterator() -> Iterator {
        Iterator(state: IteratorState(base: base.makeAsyncIterator(), recording: recording))
    }

    struct Iterator: AsyncIteratorProtocol {
        let state: IteratorState

        mutating func next() async throws -> ByteBuffer? {
            try await state.next()
        }
    }

    /// Owns the wrapped iterator; when the reader drops it before the end, it finishes the recording.
    final class IteratorState {
        private var base: ArenaBody.AsyncIterator
        private let recording: ExchangeRecording
        private var ended = false
        private var cancelled = false

        init(base: ArenaBody.AsyncIterator, recording: ExchangeRecording) {
            self.base = base
            self.recording = recording
        }

        func next() async throws -> ByteBuffer? {
            do {
                guard let chunk = try await base.next() else {
                    ended = true
                    recording.finish(outcome: nil)
                    return nil
                }
                recording.append(chunk)
                return chunk
            } catch {
                ended = true
                cancelled = error is CancellationError
                recording.finish(outcome: ExchangeRecording.outcome(of: error))
                throw error
            }
        }

        deinit {
            guard !ended else { return }
            // The reader stopped early. A client that left cancelled the read, and its upstream
            // request must close at once: record what there is. A reader that simply had enough
            // (the finish line came) leaves the rest to be read here, for a complete fixture.
            if cancelled || Task.isCancelled {
                recording.finish(outcome: "client-disconnect")
                return
            }
            let transfer = DrainTransfer(base: base, recording: recording)
            Task { await transfer.drain() }
        }
    }

    /// Reads what is left of a body into the recording, for at most ten seconds.
    final class DrainTransfer: @unchecked Sendable {
        private var base: ArenaBody.AsyncIterator
        private let recording: ExchangeRecording

        init(base: ArenaBody.AsyncIterator, recording: ExchangeRecording) {
            self.base = base
            self.recording = recording
        }

        func drain() async {
            let deadline = ContinuousClock.now.advanced(by: .seconds(10))
            do {
                while ContinuousClock.now < deadline, let chunk = try await base.next() {
                    recording.append(chunk)
                }
                recording.finish(outcome: ContinuousClock.now < deadline ? nil : "reader-stopped")
            } catch {
                recording.finish(outcome: ExchangeRecording.outcome(of: error))
            }
        }
    }
}
