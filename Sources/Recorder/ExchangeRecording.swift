import ArenaWire
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// One exchange being recorded: the redacted request, the head, the chunks with their offsets,
/// and, once it ends, the fixture written for it.
final class ExchangeRecording: Sendable {
    private struct State {
        var status = 0
        var statusText = ""
        var headers: [HARNameValue] = []
        var headMs: Double?
        var chunks: [(offsetMs: Double, bytes: ByteBuffer)] = []
        var finished = false
    }

    private let started = ContinuousClock.now
    private let startedDate = Date()
    private let request: HARRequest
    private let key: FixtureKey
    private let redactor: Redactor
    private let writer: FixtureWriter
    private let dialect: ArenaDialect
    private let logger: Logger
    private let onRecorded: @Sendable (URL, HARFile) -> Void
    private let isShuttingDown: @Sendable () -> Bool
    private let state = Mutex(State())

    init(
        request: ArenaRequest, redactor: Redactor, writer: FixtureWriter, dialect: ArenaDialect, logger: Logger,
        onRecorded: @escaping @Sendable (URL, HARFile) -> Void, isShuttingDown: @escaping @Sendable () -> Bool = { false }
    ) {
        self.onRecorded = onRecorded
        self.isShuttingDown = isShuttingDown
        let body = String(buffer: request.body)
        self.key = FixtureKey(method: request.method.rawValue, url: request.url, body: body)
        self.request = HARRequest(
            method: request.method.rawValue, url: redactor.scrub(request.url),
            headers: request.headers.map { redactor.header(HARNameValue(name: $0.name, value: $0.value)) },
            body: body.isEmpty ? nil : Self.recordedBody(request, text: body, redactor: redactor),
            mimeType: request.headers.first(name: "content-type") ?? "text/plain;charset=UTF-8")
        self.redactor = redactor
        self.writer = writer
        self.dialect = dialect
        self.logger = logger
    }

    private var elapsedMs: Double { started.duration(to: .now).recordedMilliseconds }

    func head(status: Int, headers: HTTPHeaders) {
        let now = elapsedMs
        state.withLock { state in
            state.status = status
            state.statusText = HTTPResponseStatus(statusCode: status).reasonPhrase
            state.headers = headers.map { redactor.header(HARNameValue(name: $0.name, value: $0.value)) }
            state.headMs = now
        }
    }

    func append(_ chunk: ByteBuffer) {
        let now = elapsedMs
        state.withLock { $0.chunks.append((now, chunk)) }
    }

    /// Writes the fixture once; later calls do nothing. `outcome` is `nil` for a normal end. A
    /// read cancelled while the gateway shuts down was cut by the shutdown, not by a client.
    func finish(outcome: String?) {
        let outcome = outcome == "client-disconnect" && isShuttingDown() ? "server-shutdown" : outcome
        let total = elapsedMs
        guard
            let snapshot = state.withLock({ state -> State? in
                guard !state.finished else { return nil }
                state.finished = true
                return state
            })
        else { return }
        var chunks = snapshot.chunks.map { chunk -> FixtureChunk in
            let recorded = FixtureChunk(offsetMs: Self.round(chunk.offsetMs), bytes: chunk.bytes.readableBytesView)
            guard let text = recorded.text, redactor.containsSecret(text) else { return recorded }
            return FixtureChunk(offsetMs: recorded.offsetMs, text: redactor.scrub(text))
        }
        // A secret split across two chunks is found in the joined text: the body is then kept
        // as one scrubbed chunk (its timing lost, never the secret kept).
        let texts = chunks.compactMap(\.text)
        if chunks.count > 1, texts.count == chunks.count, redactor.containsSecret(texts.joined()) {
            chunks = [FixtureChunk(offsetMs: chunks[0].offsetMs, text: redactor.scrub(texts.joined()))]
        }
        let wait = snapshot.chunks.first?.offsetMs ?? snapshot.headMs ?? total
        let mimeType = snapshot.headers.first { $0.name.lowercased() == "content-type" }?.value ?? ""
        let entry = HAREntry(
            startedDateTime: startedDate.recordingTimestamp, time: Self.round(total), request: request,
            response: HARResponse(
                status: snapshot.status, statusText: snapshot.statusText, headers: snapshot.headers, chunks: chunks, mimeType: mimeType),
            timings: HARTimings(send: 0, wait: Self.round(wait), receive: Self.round(max(0, total - wait))))
        let info = FixtureInfo(
            description: "recorded \(key.method) \(key.path)" + (outcome.map { " (\($0))" } ?? ""), source: "recorded",
            dialect: dialect.rawValue, recordedAt: startedDate.recordingTimestamp, outcome: outcome)
        let file = HARFile(log: HARLog(fixture: info, entries: [entry]))
        do {
            let url = try writer.write(file, dialect: dialect.rawValue, modelID: key.modelID, prompt: key.userText.map(redactor.scrub))
            onRecorded(url, file)
            logger.info(
                "recorded \(url.lastPathComponent)",
                metadata: ["status": "\(snapshot.status)", "chunks": "\(chunks.count)", "outcome": "\(outcome ?? "complete")"])
        } catch {
            logger.error("could not write a recording: \(error)")
        }
    }

    /// What a fixture keeps of a request body: the redacted text, or for an image upload's bytes
    /// (or any body that is not text) a line saying what they were, never the bytes.
    static func recordedBody(_ request: ArenaRequest, text: String, redactor: Redactor) -> String {
        let type = request.headers.first(name: "content-type") ?? ""
        let isText = String(validating: request.body.readableBytesView, as: UTF8.self) != nil
        guard type.hasPrefix("image/") || !isText else { return redactor.body(text) }
        return
            "(\(request.body.readableBytes) bytes of \(type.isEmpty ? "binary data" : type), sha256 \(PreparedImage.sha256(request.body)): not kept)"
    }

    /// How an error ended an exchange, for `_fixture.outcome`.
    static func outcome(of error: any Error) -> String {
        if error is CancellationError { return "client-disconnect" }
        if let transport = error as? ArenaTransportError {
            return transport.isTimeout ? "timeout: \(transport.detail)" : "error: \(transport.detail)"
        }
        return "error: \(error)"
    }

    private static func round(_ value: Double) -> Double {
        (value * 10).rounded() / 10
    }
}

extension Duration {
    /// Fractional milliseconds, as fixtures store offsets.
    var recordedMilliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

extension Date {
    /// `2026-11-26T10:00:00.000Z`, as HAR's `startedDateTime`.
    var recordingTimestamp: String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(self)
    }
}
