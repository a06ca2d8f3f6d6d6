import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Streams an opened answer to the client as OpenAI server-sent events.
///
/// Events of one upstream chunk go out in one write. A failure after content has streamed is
/// written as a `data: {"error": ...}` frame and the stream ends: never a silent stop. The
/// client leaving cancels the upstream read at once.
struct AnswerStreamer: Sendable {
    let opened: SequentialHandoff<OpenedAnswer>
    let completion: CompletionIdentity
    let includeUsage: Bool
    let promptText: String
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
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await request.body.consumeWithCancellationOnInboundClose { _ in
                try await pump(into: &writer)
            }
            try await writer.finish(nil)
        })
    }

    private func pump(into writer: inout any ResponseBodyWriter) async throws {
        let answer = opened.value
        let reader = answer.reader
        var encoder = ChatCompletionStreamEncoder(
            id: completion.id, created: completion.created, model: completion.model, includeUsage: includeUsage)
        var buffer = ByteBuffer()
        encoder.write(answer.first, into: &buffer)
        var finishReason: String?
        var upstreamUsage: ArenaUsage?
        var failure: OpenAIError?
        let debug = logger.logLevel <= .debug
        reader.keepsChunkPreviews = debug
        do {
            reading: while true {
                if debug, let chunk = reader.takeChunkPreview() {
                    logger.debug("upstream chunk", metadata: ["text": "\(redactor.scrub(chunk))"])
                }
                if !reader.hasBufferedEvents, buffer.readableBytes > 0 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
                guard let event = try await reader.next() else { break }
                switch event {
                case .text, .reasoning, .images:
                    encoder.write(event, into: &buffer)
                case .error(let message):
                    failure = UpstreamFailure.arenaError(message).openAIError
                    break reading
                case .finish(let reason, let usage):
                    finishReason = reason
                    upstreamUsage = usage
                    break reading
                }
            }
        } catch let error where !(error is CancellationError) {
            let classified = ArenaGateway.streamFailure(error)
            failure = (classified as? UpstreamFailure)?.openAIError
                ?? OpenAIError(status: 502, message: "the upstream stream failed: \(error)", type: "upstream_error", code: "upstream_error")
        }
        if let failure {
            logger.warning("stream failed after content", metadata: ["session": "\(answer.session)", "error": "\(failure)"])
            ChatCompletionStreamEncoder.writeError(failure, into: &buffer)
        } else {
            metrics.observeDuration(answer.started.duration(to: .now))
            let usage = CompletionUsage.resolve(upstream: upstreamUsage, promptText: promptText, completionTokens: encoder.completionTally.tokens)
            encoder.writeEnd(finishReason: FinishReason.openAI(finishReason), usage: usage, into: &buffer)
            logger.info("chat completion", metadata: [
                "stream": "true", "session": "\(answer.session)", "chunks": "\(reader.chunksRead)",
                "duration": "\(answer.started.duration(to: .now))",
            ])
        }
        try await writer.write(buffer)
    }
}
