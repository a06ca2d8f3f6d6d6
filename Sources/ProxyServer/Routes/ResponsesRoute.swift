import ArenaWire
import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OpenAISurface

/// `POST /v1/responses` over the same core as chat, and `GET` / `DELETE /v1/responses/{id}`,
/// which are 404: nothing is stored.
struct ResponsesRoute: Sendable {
    let gateway: ArenaGateway
    let catalogue: ModelCatalogue
    let maxBodyBytes: Int

    /// What one response is about, shared by its object and its events.
    struct Context: Sendable {
        let id: String
        let created: Int
        let request: ResponsesRequest
        let promptText: String
    }

    func handle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let (body, held) = try await RequestBodyLimit.collect(&request, limit: maxBodyBytes, budget: gateway.bodyBudget)
        defer { held.release() }
        let responses = try ResponsesRequest.decode(body)
        let registry = catalogue.current
        guard let model = registry.model(named: responses.chat.model) else {
            throw OpenAIError.modelNotFound(responses.chat.model, in: registry)
        }
        let messages = PromptInstructions.messages(for: responses.chat)
        let about = Context(
            id: ResponseOutput.newID("resp"), created: Int(Date().timeIntervalSince1970), request: responses,
            promptText: ConversationPrompt.flatten(messages))
        var logger = context.logger
        logger[metadataKey: "response"] = "\(about.id)"
        let images = try await gateway.prepareImages(messages, model: model, name: responses.chat.model)
        let answer: ArenaAnswer
        do throws(GatewayFailure) {
            answer = try await gateway.open(model: model, conversation: ConversationPrompt.conversation(messages), images: images, logger: logger)
        } catch {
            throw OpenAIError(error, model: responses.chat.model)
        }
        if responses.chat.stream {
            var streamer = ResponsesStreamer(
                answer: AnswerHandoff(answer), about: about, logger: logger, metrics: gateway.metrics, redactor: gateway.redactor)
            streamer.shutdown = gateway.shutdown
            return streamer.response(cancellingOn: request)
        }
        let aggregate: ChatCompletionAggregate
        do throws(UpstreamFailure) {
            aggregate = try await ChatCompletionAggregate.collect(answer)
        } catch {
            throw OpenAIError(error, model: responses.chat.model)
        }
        gateway.metrics.observeDuration(answer.started.duration(to: .now))
        let choice = try ChatChoice(aggregate, index: 0, request: responses.chat)
        var output = ResponseOutput()
        if !choice.reasoning.isEmpty { _ = output.reasoning(choice.reasoning) }
        if let content = choice.content { _ = output.output(content) }
        _ = output.close()
        for call in choice.toolCalls { _ = output.call(call) }
        logger.info("response", metadata: ["stream": "false", "session": "\(answer.session)", "chunks": "\(answer.chunksRead)"])
        let object = Self.object(about, status: choice.finishReason == "length" ? "incomplete" : "completed", output: output)
        return Self.json(object)
    }

    /// The `response` object.
    static func object(_ about: Context, status: String, output: ResponseOutput, error: OpenAIError? = nil) -> [String: any Sendable] {
        let request = about.request
        let chat = request.chat
        let inputTokens = TokenEstimate.count(about.promptText)
        let outputTokens =
            TokenEstimate.count(output.text)
            + output.items.reduce(0) { sum, item in
                sum + TokenEstimate.count((item["arguments"] as? String) ?? "")
            }
        var object: [String: any Sendable] = [
            "id": about.id, "object": "response", "created_at": about.created, "status": status, "model": chat.model,
            "output": output.items as [any Sendable], "parallel_tool_calls": chat.parallelToolCalls, "tool_choice": toolChoice(chat.toolChoice),
            "tools": chat.tools.map(tool) as [any Sendable], "temperature": request.temperature, "top_p": request.topP,
            "metadata": request.metadata.foundationSendable, "store": request.store, "truncation": "disabled",
            "text": ["format": format(chat.responseFormat)] as [String: any Sendable],
            "error": NSNull(), "incomplete_details": NSNull(), "instructions": request.instructions ?? NSNull() as any Sendable,
            "max_output_tokens": request.maxOutputTokens ?? NSNull() as any Sendable, "previous_response_id": NSNull(),
        ]
        if status == "completed" || status == "incomplete" {
            object["usage"] =
                [
                    "input_tokens": inputTokens, "input_tokens_details": ["cached_tokens": 0, "cache_write_tokens": 0] as [String: any Sendable],
                    "output_tokens": outputTokens, "output_tokens_details": ["reasoning_tokens": 0] as [String: any Sendable],
                    "total_tokens": inputTokens + outputTokens,
                ] as [String: any Sendable]
        }
        if status == "incomplete" { object["incomplete_details"] = ["reason": "max_output_tokens"] as [String: any Sendable] }
        if let error { object["error"] = ["code": error.code?.rawValue ?? "server_error", "message": error.message] as [String: any Sendable] }
        return object
    }

    private static func toolChoice(_ choice: ToolChoice) -> any Sendable {
        switch choice {
        case .none: return "none"
        case .auto: return "auto"
        case .required: return "required"
        case .function(let name): return ["type": "function", "name": name] as [String: any Sendable]
        }
    }

    private static func tool(_ tool: FunctionTool) -> any Sendable {
        [
            "type": "function", "name": tool.name, "description": tool.description ?? NSNull() as any Sendable,
            "parameters": tool.parameters.foundationSendable, "strict": false,
        ] as [String: any Sendable]
    }

    private static func format(_ format: ResponseFormat) -> any Sendable {
        switch format {
        case .text: return ["type": "text"] as [String: any Sendable]
        case .jsonObject: return ["type": "json_object"] as [String: any Sendable]
        case .jsonSchema(let name, let schema, let strict):
            return ["type": "json_schema", "name": name, "schema": schema.foundationSendable, "strict": strict] as [String: any Sendable]
        }
    }

    /// A JSON response.
    static func json(_ object: [String: any Sendable]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
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

extension JSONValue {
    /// The value as `JSONSerialization` takes it, typed for crossing into a sendable dictionary.
    var foundationSendable: any Sendable {
        switch self {
        case .null: return NSNull()
        case .bool(let value): return value
        case .number(let value): return value.rounded() == value && abs(value) < 1e15 ? Int(value) : value
        case .string(let value): return value
        case .array(let values): return values.map(\.foundationSendable) as [any Sendable]
        case .object(let values): return values.mapValues(\.foundationSendable) as [String: any Sendable]
        }
    }
}
