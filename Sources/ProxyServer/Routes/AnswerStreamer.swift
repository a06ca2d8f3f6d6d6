import ArenaWire
import GatewayCore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OpenAISurface

/// Streams an opened answer to the client as server-sent events, in the frames of one endpoint:
/// the streaming skeleton every streaming endpoint shares.
///
/// The events lmarena sent before the answer was handed over go out first, then each upstream
/// chunk's events in one write (a write waits while the reader already holds more events). A
/// failure after content has streamed ends the stream with the endpoint's failure frame: never a
/// silent stop. The client leaving cancels the upstream read at once; the gateway's shutdown cut
/// ends the stream with the failure frame of `OpenAIError.shuttingDown`.
struct AnswerStreamer<Frames: AnswerFrames>: Sendable {
    let answer: AnswerHandoff
    let frames: Frames
    /// Whether the gateway is shutting down.
    let shutdown: ShutdownState?
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
                    var frames = self.frames
                    guard let shutdown else { return try await pump(answer, &frames, into: &writer) }
                    if try await shutdown.runUnlessCut({ try await pump(answer, &frames, into: &writer) }) {
                        var buffer = ByteBuffer()
                        frames.fail(.shuttingDown, into: &buffer)
                        try await writer.write(buffer)
                    }
                }
                try await writer.finish(nil)
            })
    }

    /// Streams the answer; `frames` is the caller's, so that a cut stream's last frame follows on.
    private func pump(_ answer: ArenaAnswer, _ frames: inout Frames, into writer: inout any ResponseBodyWriter) async throws {
        var buffer = ByteBuffer()
        frames.start(into: &buffer)
        for event in answer.leading { frames.write(event, into: &buffer) }
        frames.write(answer.first, into: &buffer)
        var finishReason: String?
        var upstreamUsage: ArenaUsage?
        var failure: UpstreamFailure?
        let debug = logger.logLevel <= .debug
        answer.keepsChunkPreviews = debug
        reading: while !frames.isCut {
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
                frames.write(content, into: &buffer)
            }
        }
        if let failure {
            let reported = OpenAIError(failure, model: frames.model).redacted(by: redactor)
            logger.warning("stream failed after content", metadata: ["session": "\(answer.session)", "error": "\(reported)"])
            frames.fail(reported, into: &buffer)
        } else {
            let duration = answer.started.duration(to: .now)
            metrics.observeDuration(duration)
            frames.finish(upstreamReason: finishReason, usage: upstreamUsage, into: &buffer)
            logger.info(
                "\(Frames.name)",
                metadata: ["stream": "true", "session": "\(answer.session)", "chunks": "\(answer.chunksRead)", "duration": "\(duration)"])
        }
        try await writer.write(buffer)
    }
}
