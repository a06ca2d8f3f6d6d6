import ArenaWire
import GatewayCore
import Hummingbird
import Logging
import NIOCore
import OpenAISurface

/// `POST /v1/responses` over the same core as chat, and `GET` / `DELETE /v1/responses/{id}`,
/// which are 404: nothing is stored.
struct ResponsesRoute: Sendable {
    let route: AnswerRoute

    func handle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await route.respond(to: request) { (responses: ResponsesRequest, request) in
            let chat = responses.chat
            let model = try route.model(named: chat.model)
            let messages = PromptInstructions.messages(for: chat)
            let object = ResponseObject(request: responses, promptText: ConversationPrompt.flatten(messages))
            var logger = context.logger
            logger[metadataKey: "response"] = "\(object.id)"
            let conversation = ConversationPrompt.conversation(messages)
            try route.checkLength(of: conversation, param: "input")
            let images = try await route.gateway.prepareImages(messages, model: model, name: chat.model)
            let answer = try await route.open(
                model, conversation, images: images, name: chat.model,
                client: route.clients.name(of: request, context: context), param: "input", logger: logger)
            if chat.stream {
                return route.stream(answer, as: ResponseFrames(object), cancellingOn: request, logger: logger)
            }
            let aggregate = try await route.collect(answer, name: chat.model, line: ResponseFrames.name, logger: logger)
            let choice = try ChatChoice(aggregate, index: 0, request: chat)
            let status: ResponseObject.Status = choice.finishReason == "length" ? .incomplete : .completed
            return AnswerRoute.json(object.body(status: status, output: ResponseOutput(collected: choice)))
        }
    }

    /// `GET` and `DELETE /v1/responses/{id}`: nothing is stored, so there is nothing to find.
    static func notStored(_ id: String) -> OpenAIError {
        OpenAIError(
            status: 404,
            message:
                "No response with id '\(String(id.prefix(100)))' is stored: lmarena2api stores no responses (store is accepted and has no effect)",
            type: .invalidRequest, param: "response_id", code: .responseNotFound)
    }
}
