import ArenaWire
import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OpenAISurface

/// `POST /v1/chat/completions`: validates, opens the upstream answer, then streams it as
/// server-sent events or collects it into one `chat.completion`.
struct ChatCompletionsRoute: Sendable {
    let gateway: ArenaGateway
    let catalogue: ModelCatalogue
    let maxBodyBytes: Int

    func handle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let (body, held) = try await RequestBodyLimit.collect(&request, limit: maxBodyBytes, budget: gateway.bodyBudget)
        defer { held.release() }
        let chat = try ChatCompletionRequest.decode(body)
        let registry = catalogue.current
        guard let model = registry.model(named: chat.model) else {
            throw OpenAIError.modelNotFound(chat.model, in: registry)
        }
        let completion = CompletionIdentity(model: chat.model)
        var logger = context.logger
        logger[metadataKey: "completion"] = "\(completion.id)"
        // Tools, tool results and JSON instructions are written into the conversation (PromptInstructions).
        let messages = PromptInstructions.messages(for: chat)
        let promptText = ConversationPrompt.flatten(messages)
        // Image parts: refused for a model without image input, else read (downloaded) once here.
        let images = try await gateway.prepareImages(messages, model: model, name: chat.model)
        if chat.choices > 1 {
            return try await several(
                chat, model: model, messages: messages, images: images, completion: completion, promptText: promptText, logger: logger)
        }
        let answer = try await open(model: model, messages: messages, images: images, name: chat.model, logger: logger)
        if chat.stream {
            var streamer = ChatCompletionStreamer(
                answer: AnswerHandoff(answer), completion: completion, includeUsage: chat.includeUsage, promptText: promptText,
                logger: logger, metrics: gateway.metrics, redactor: gateway.redactor)
            if chat.needsShaping { streamer.shaping = chat }
            streamer.shutdown = gateway.shutdown
            return streamer.response(cancellingOn: request)
        }
        // Not wrapped in consumeWithCancellationOnInboundClose: that takes over the connection's
        // inbound side and closes the connection after the response, which would cost every
        // keep-alive client a failed request. A client that leaves is noticed when the answer is written.
        let choice = try await collect(answer, index: 0, chat: chat, logger: logger)
        let usage = CompletionUsage.resolve(
            upstream: chat.needsShaping ? nil : choice.upstreamUsage, promptText: promptText, completionTokens: choice.choice.completionTokens)
        let json = ChatChoice.body(id: completion.id, created: completion.created, model: completion.model, choices: [choice.choice], usage: usage)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: json))
    }

    /// Opens an answer for `model`, a gateway failure answered as an OpenAI error.
    private func open(model: ArenaModel, messages: [ChatMessage], images: [PreparedImage], name: String, logger: Logger) async throws -> ArenaAnswer {
        do throws(GatewayFailure) {
            return try await gateway.open(model: model, conversation: ConversationPrompt.conversation(messages), images: images, logger: logger)
        } catch {
            throw OpenAIError(error, model: name)
        }
    }

    /// Reads the whole answer into a choice; any failure, even after content, is still an error status here.
    private func collect(
        _ answer: ArenaAnswer, index: Int, chat: ChatCompletionRequest, logger: Logger
    ) async throws -> (choice: ChatChoice, upstreamUsage: ArenaUsage?) {
        let aggregate: ChatCompletionAggregate
        do throws(UpstreamFailure) {
            aggregate = try await ChatCompletionAggregate.collect(answer)
        } catch {
            throw OpenAIError(error, model: chat.model)
        }
        if !answer.finished {
            logger.debug("the stream closed cleanly without a finish line: answered as a normal finish")
        }
        gateway.metrics.observeDuration(answer.started.duration(to: .now))
        logger.info(
            "chat completion",
            metadata: [
                "stream": "\(chat.stream)", "session": "\(answer.session)", "chunks": "\(answer.chunksRead)", "choice": "\(index)",
                "duration": "\(answer.started.duration(to: .now))",
            ])
        return (try ChatChoice(aggregate, index: index, request: chat), aggregate.upstreamUsage)
    }

    /// `n` > 1: as many generations at once, each on a session of its own choosing, answered as
    /// one completion of `n` choices (a stream sends each choice once all are complete).
    private func several(
        _ chat: ChatCompletionRequest, model: ArenaModel, messages: [ChatMessage], images: [PreparedImage], completion: CompletionIdentity,
        promptText: String, logger: Logger
    ) async throws -> Response {
        let choices = try await withThrowingTaskGroup(of: ChatChoice.self) { group in
            for index in 0..<chat.choices {
                group.addTask {
                    let answer = try await open(model: model, messages: messages, images: images, name: chat.model, logger: logger)
                    return try await collect(answer, index: index, chat: chat, logger: logger).choice
                }
            }
            var collected: [ChatChoice] = []
            for try await choice in group { collected.append(choice) }
            return collected.sorted { $0.index < $1.index }
        }
        let usage = CompletionUsage(
            promptTokens: TokenEstimate.count(promptText) * chat.choices, completionTokens: choices.map(\.completionTokens).reduce(0, +))
        guard chat.stream else {
            let json = ChatChoice.body(id: completion.id, created: completion.created, model: completion.model, choices: choices, usage: usage)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: json))
        }
        var buffer = ByteBuffer()
        for (position, choice) in choices.enumerated() {
            var encoder = ChatCompletionStreamEncoder(
                id: completion.id, created: completion.created, model: completion.model, includeUsage: chat.includeUsage, index: choice.index)
            if !choice.reasoning.isEmpty { encoder.write(.reasoning(choice.reasoning), into: &buffer) }
            if let content = choice.content, !content.isEmpty { encoder.writeText(content, into: &buffer) }
            for call in choice.toolCalls { encoder.writeToolCall(call, legacy: choice.legacyFunctions, into: &buffer) }
            encoder.writeEnd(finishReason: choice.finishReason, usage: usage, into: &buffer, closing: position == choices.count - 1)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
            body: .init(byteBuffer: buffer))
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
