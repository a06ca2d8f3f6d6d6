import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `POST /v1/chat/completions`: validates, opens the upstream answer, then streams it as
/// server-sent events or collects it into one `chat.completion`.
struct ChatCompletionsRoute: Sendable {
    let gateway: ArenaGateway
    let catalogue: ModelCatalogue
    let maxBodyBytes: Int

    func handle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let body = try await RequestBodyLimit.collect(&request, limit: maxBodyBytes)
        let chat = try ChatCompletionRequest.decode(body)
        let registry = catalogue.current
        guard let model = registry.model(named: chat.model) else {
            throw OpenAIError.modelNotFound(chat.model, in: registry)
        }
        let completion = CompletionIdentity(model: chat.model)
        var logger = context.logger
        logger[metadataKey: "completion"] = "\(completion.id)"
        let promptText = ConversationPrompt.flatten(chat.messages)
        let answer: ArenaAnswer
        do throws(GatewayFailure) {
            answer = try await gateway.open(model: model, messages: chat.messages, logger: logger)
        } catch {
            throw OpenAIError(error, model: chat.model)
        }
        if chat.stream {
            return ChatCompletionStreamer(
                answer: AnswerHandoff(answer), completion: completion, includeUsage: chat.includeUsage, promptText: promptText,
                logger: logger, metrics: gateway.metrics, redactor: gateway.redactor
            ).response(cancellingOn: request)
        }
        // Not wrapped in consumeWithCancellationOnInboundClose: that takes over the connection's
        // inbound side and closes the connection after the response, which would cost every
        // keep-alive client a failed request. A client that leaves is noticed when the answer is written.
        return try await collect(answer, completion: completion, promptText: promptText, logger: logger)
    }

    /// Reads the whole answer; any failure, even after content, is still an error status here.
    private func collect(_ answer: ArenaAnswer, completion: CompletionIdentity, promptText: String, logger: Logger) async throws -> Response {
        let aggregate: ChatCompletionAggregate
        do throws(UpstreamFailure) {
            aggregate = try await ChatCompletionAggregate.collect(answer)
        } catch {
            throw OpenAIError(error, model: completion.model)
        }
        if !answer.finished {
            logger.debug("the stream closed cleanly without a finish line: answered as a normal finish")
        }
        gateway.metrics.observeDuration(answer.started.duration(to: .now))
        logger.info("chat completion", metadata: [
            "stream": "false", "session": "\(answer.session)", "chunks": "\(answer.chunksRead)",
            "duration": "\(answer.started.duration(to: .now))",
        ])
        let body = aggregate.body(id: completion.id, created: completion.created, model: completion.model, promptText: promptText)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }
}

/// The id, creation time and model name shared by every frame of one completion.
struct CompletionIdentity: Sendable {
    let id: String
    let created: Int
    let model: String

    init(model: String, now: Date = Date()) {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        self.id = "chatcmpl-" + String((0..<29).map { _ in alphabet.randomElement()! })
        self.created = Int(now.timeIntervalSince1970)
        self.model = model
    }
}

/// Reads a request body up to a limit, answering an oversized one with a 413 that says the limit.
enum RequestBodyLimit {
    static func collect(_ request: inout Request, limit: Int) async throws -> ByteBuffer {
        let tooLarge = OpenAIError(
            status: 413, message: "the request body is larger than the \(limit) bytes this server accepts (MAX_REQUEST_BYTES)",
            type: "invalid_request_error", code: "request_too_large")
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw tooLarge
        }
        do {
            return try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge
        } catch is NIOTooManyBytesError {
            // A chunked body has no Content-Length to check first: it fails while being read.
            throw tooLarge
        }
    }
}
