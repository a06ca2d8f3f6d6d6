import ArenaWire
import GatewayCore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OpenAISurface

/// Streams an opened answer to the client as OpenAI server-sent events: the streaming consumer
/// of ``ArenaAnswer``.
///
/// Events of one upstream chunk go out in one write. A failure after content has streamed is
/// written as a `data: {"error": ...}` frame and the stream ends: never a silent stop. The
/// client leaving cancels the upstream read at once.
struct ChatCompletionStreamer: Sendable {
    let answer: AnswerHandoff
    let completion: CompletionIdentity
    let includeUsage: Bool
    let promptText: String
    /// The request, when its answer must be shaped (tools, stop, limits, JSON).
    var shaping: ChatCompletionRequest? = nil
    /// Whether the gateway is shutting down (a cut stream then ends with an error frame).
    var shutdown: ShutdownState? = nil
    let logger: Logger
    let metrics: GatewayMetrics
    let redactor: Redactor

    func response(cancellingOn request: Request) -> Response {
        let headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8",
            .cacheControl: "no-cache",
            HTTPField.Name("X-Accel-Buffering")!: "no",
            // Watching for the client leaving takes over the connection, which closes after the
            // stream: say so, so that no client tries to reuse it.
            .connection: "close",
        ]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                guard let answer = answer.take() else { return try await writer.finish(nil) }
                try await request.body.consumeWithCancellationOnInboundClose { _ in
                    guard let shutdown else { return try await pump(answer, into: &writer) }
                    if try await shutdown.runUnlessCut({ try await pump(answer, into: &writer) }) {
                        var frame = ByteBuffer()
                        ChatCompletionStreamEncoder.writeError(.shuttingDown, into: &frame)
                        try await writer.write(frame)
                    }
                }
                try await writer.finish(nil)
            })
    }

    private func pump(_ answer: ArenaAnswer, into writer: inout any ResponseBodyWriter) async throws {
        var encoder = ChatCompletionStreamEncoder(
            id: completion.id, created: completion.created, model: completion.model, includeUsage: includeUsage)
        var buffer = ByteBuffer()
        var shaper = shaping.map { AnswerShaper(for: $0) }
        let legacy = shaping?.legacyFunctions ?? false
        for event in answer.leading { encoder.write(event, shaping: &shaper, legacy: legacy, into: &buffer) }
        encoder.write(answer.first, shaping: &shaper, legacy: legacy, into: &buffer)
        var finishReason: String?
        var upstreamUsage: ArenaUsage?
        var failure: UpstreamFailure?
        let debug = logger.logLevel <= .debug
        answer.keepsChunkPreviews = debug
        reading: while shaper?.cut == nil {
            if debug, let chunk = answer.takeChunkPreview() {
                logger.debug("upstream chunk", metadata: ["text": "\(redactor.scrub(chunk))"])
            }
            if !answer.hasBufferedEvents, buffer.readableBytes > 0 {
                try await writer.write(buffer)
                buffer.clear()
            }
            let event: ArenaEvent?
            do throws(UpstreamFailure) {
                event = try await answer.next()
            } catch .cancelled {
                // The client left, or the shutdown cut the stream (which writes its last frame).
                throw CancellationError()
            } catch {
                failure = error
                break reading
            }
            switch event {
            case .none:
                if finishReason == nil, !answer.finished {
                    logger.debug("the stream closed cleanly without a finish line: answered as a normal finish")
                }
                break reading
            case .finish(let reason, let usage):
                finishReason = reason
                upstreamUsage = usage
            case .some(let content):
                encoder.write(content, shaping: &shaper, legacy: legacy, into: &buffer)
            }
        }
        if let failure {
            let reported = OpenAIError(failure, model: completion.model).redacted(by: redactor)
            logger.warning("stream failed after content", metadata: ["session": "\(answer.session)", "error": "\(reported)"])
            ChatCompletionStreamEncoder.writeError(reported, into: &buffer)
        } else {
            metrics.observeDuration(answer.started.duration(to: .now))
            var reason = FinishReason.openAI(finishReason)
            if shaper != nil {
                encoder.writePieces(shaper!.finish(), legacy: legacy, into: &buffer)
                reason = shaper!.finishReason(upstream: reason, legacyFunctions: legacy)
            }
            // lmarena's figures count the whole answer; a cut answer is counted by what was sent.
            let counted = shaper?.cut == nil ? upstreamUsage : nil
            let usage = CompletionUsage.resolve(upstream: counted, promptText: promptText, completionTokens: encoder.completionTally.tokens)
            encoder.writeEnd(finishReason: reason, usage: usage, into: &buffer)
            logger.info(
                "chat completion",
                metadata: [
                    "stream": "true", "session": "\(answer.session)", "chunks": "\(answer.chunksRead)",
                    "duration": "\(answer.started.duration(to: .now))",
                ])
        }
        try await writer.write(buffer)
    }
}
