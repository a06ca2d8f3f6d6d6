import ArenaWire
import GatewayCore
import Hummingbird
import Logging
import NIOCore
import OpenAISurface

/// `POST /v1/chat/completions`: validates, opens the upstream answer, then streams it as
/// server-sent events or collects it into one `chat.completion`.
struct ChatCompletionsRoute: Sendable {
    let route: AnswerRoute

    func handle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await route.respond(to: request) { (chat: ChatCompletionRequest, request) in
            let model = try route.model(named: chat.model)
            let completion = CompletionIdentity(model: chat.model)
            let client = route.clients.name(of: request, context: context)
            var logger = context.logger
            logger[metadataKey: "completion"] = "\(completion.id)"
            // Tools, tool results and JSON instructions are written into the conversation (PromptInstructions).
            let messages = PromptInstructions.messages(for: chat)
            let promptText = ConversationPrompt.flatten(messages)
            let conversation = ConversationPrompt.conversation(messages)
            // Too long for lmarena: refused before any image is read.
            try route.checkLength(of: conversation, param: "messages")
            // Image parts: refused for a model without image input, else read (downloaded) once here.
            let images = try await route.gateway.prepareImages(messages, model: model, name: chat.model)
            if chat.choices > 1 {
                return try await several(
                    chat, model: model, conversation: conversation, images: images, completion: completion, promptText: promptText, client: client,
                    logger: logger)
            }
            let answer = try await route.open(model, conversation, images: images, name: chat.model, client: client, logger: logger)
            if chat.stream {
                return route.stream(
                    answer, as: ChatCompletionFrames(completion, request: chat, promptText: promptText), cancellingOn: request, logger: logger)
            }
            // Not wrapped in consumeWithCancellationOnInboundClose: that takes over the connection's
            // inbound side and closes the connection after the response, which would cost every
            // keep-alive client a failed request. A client that leaves is noticed when the answer is written.
            let aggregate = try await route.collect(answer, name: chat.model, line: ChatCompletionFrames.name, logger: logger)
            let choice = try ChatChoice(aggregate, index: 0, request: chat)
            let usage = CompletionUsage.resolve(
                upstream: chat.needsShaping ? nil : aggregate.upstreamUsage, promptText: promptText, completionTokens: choice.completionTokens)
            return AnswerRoute.json(
                ChatChoice.body(id: completion.id, created: completion.created, model: completion.model, choices: [choice], usage: usage))
        }
    }

    /// `n` > 1: as many generations at once, each on a session of its own choosing, answered as
    /// one completion of `n` choices (a stream sends each choice once all are complete).
    private func several(
        _ chat: ChatCompletionRequest, model: ArenaModel, conversation: ArenaConversation, images: [PreparedImage], completion: CompletionIdentity,
        promptText: String, client: String, logger: Logger
    ) async throws -> Response {
        let choices = try await withThrowingTaskGroup(of: ChatChoice.self) { group in
            for index in 0..<chat.choices {
                group.addTask {
                    let answer = try await route.open(model, conversation, images: images, name: chat.model, client: client, logger: logger)
                    let aggregate = try await route.collect(
                        answer, name: chat.model, line: ChatCompletionFrames.name, logger: logger,
                        metadata: ["choice": "\(index)", "stream": "\(chat.stream)"])
                    return try ChatChoice(aggregate, index: index, request: chat)
                }
            }
            var collected: [ChatChoice] = []
            for try await choice in group { collected.append(choice) }
            return collected.sorted { $0.index < $1.index }
        }
        let usage = CompletionUsage(
            promptTokens: TokenEstimate.count(promptText) * chat.choices, completionTokens: choices.map(\.completionTokens).reduce(0, +))
        guard chat.stream else {
            return AnswerRoute.json(
                ChatChoice.body(id: completion.id, created: completion.created, model: completion.model, choices: choices, usage: usage))
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
