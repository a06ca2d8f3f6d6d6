import ArenaWire
import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OpenAISurface

/// Streams an opened answer as Responses API events (`event: TYPE` and `data: {...}` per event):
/// `response.created`, `response.in_progress`, the items as they form, then `response.completed`
/// (`response.incomplete` at `max_output_tokens`), or `response.failed` when the answer fails
/// after it started.
struct ResponsesStreamer: Sendable {
    let answer: AnswerHandoff
    let about: ResponsesRoute.Context
    let logger: Logger
    let metrics: GatewayMetrics
    let redactor: Redactor
    /// Whether the gateway is shutting down (a cut stream then ends with `response.failed`).
    var shutdown: ShutdownState? = nil

    func response(cancellingOn request: Request) -> Response {
        let headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache", HTTPField.Name("X-Accel-Buffering")!: "no",
            .connection: "close",
        ]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                guard let answer = answer.take() else { return try await writer.finish(nil) }
                try await request.body.consumeWithCancellationOnInboundClose { _ in
                    var output = ResponseOutput()
                    guard let shutdown else { return try await pump(answer, output: &output, into: &writer) }
                    if try await shutdown.runUnlessCut({ try await pump(answer, output: &output, into: &writer) }) {
                        var frame = ByteBuffer()
                        Self.write(output.close(), into: &frame)
                        Self.write(output.fail(ResponsesRoute.object(about, status: "failed", output: output, error: .shuttingDown)), into: &frame)
                        try await writer.write(frame)
                    }
                }
                try await writer.finish(nil)
            })
    }

    /// Writes events as `event:` / `data:` pairs.
    static func write(_ events: [[String: any Sendable]], into buffer: inout ByteBuffer) {
        for event in events {
            guard let data = try? JSONSerialization.data(withJSONObject: event, options: [.withoutEscapingSlashes]) else { continue }
            buffer.writeString("event: \(event["type"] as? String ?? "message")\ndata: ")
            buffer.writeBytes(data)
            buffer.writeStaticString("\n\n")
        }
    }

    /// Streams the answer; `output` is the caller's, so a cut stream's last event follows on.
    private func pump(_ answer: ArenaAnswer, output: inout ResponseOutput, into writer: inout any ResponseBodyWriter) async throws {
        var shaper = AnswerShaper(for: about.request.chat)
        var buffer = ByteBuffer()
        Self.write(output.start(ResponsesRoute.object(about, status: "in_progress", output: ResponseOutput())), into: &buffer)
        func take(_ event: ArenaEvent) {
            switch event {
            case .reasoning(let text): Self.write(output.reasoning(text), into: &buffer)
            case .text(let text): emit(shaper.feed(text))
            case .images(let urls): emit(shaper.feed(ImageMarkdown.render(urls, continuing: !output.text.isEmpty)))
            case .citation, .error, .finish: break
            }
        }
        func emit(_ pieces: [AnswerShaper.Piece]) {
            for piece in pieces {
                switch piece {
                case .text(let text): Self.write(output.output(text), into: &buffer)
                case .call(let call): Self.write(output.call(call), into: &buffer)
                }
            }
        }
        for event in answer.leading { take(event) }
        take(answer.first)
        var failure: UpstreamFailure?
        var upstreamReason: String?
        reading: while shaper.cut == nil {
            if buffer.readableBytes > 0, !answer.hasBufferedEvents {
                try await writer.write(buffer)
                buffer.clear()
            }
            do throws(UpstreamFailure) {
                guard let event = try await answer.next() else { break reading }
                if case .finish(let reason, _) = event { upstreamReason = reason }
                take(event)
            } catch .cancelled {
                throw CancellationError()
            } catch {
                failure = error
                break reading
            }
        }
        if let failure {
            let reported = OpenAIError(failure, model: about.request.chat.model).redacted(by: redactor)
            logger.warning("response stream failed after content", metadata: ["session": "\(answer.session)", "error": "\(reported)"])
            Self.write(output.close(), into: &buffer)
            Self.write(output.fail(ResponsesRoute.object(about, status: "failed", output: output, error: reported)), into: &buffer)
        } else {
            emit(shaper.finish())
            Self.write(output.close(), into: &buffer)
            metrics.observeDuration(answer.started.duration(to: .now))
            let reason = shaper.finishReason(upstream: FinishReason.openAI(upstreamReason))
            let incomplete = reason == "length"
            let object = ResponsesRoute.object(about, status: incomplete ? "incomplete" : "completed", output: output)
            Self.write(output.complete(object, incomplete: incomplete), into: &buffer)
            logger.info("response", metadata: ["stream": "true", "session": "\(answer.session)", "chunks": "\(answer.chunksRead)"])
        }
        try await writer.write(buffer)
    }
}
