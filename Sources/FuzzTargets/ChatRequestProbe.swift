import ArenaWire
import Foundation
import NIOCore
import OpenAISurface

/// The request decoders under fuzzing: the bytes are a `POST /v1/chat/completions` body and a
/// `POST /v1/responses` body.
///
/// Properties: a refusal is a 4xx OpenAI error whose body is valid JSON and whose message stays
/// short whatever the input echoed into it; an accepted request becomes an arena request, in
/// both dialects, whose body is a non-empty JSON object.
enum ChatRequestProbe {
    /// The longest refusal message accepted: values from the request are echoed only in part.
    static let longestMessage = 2048

    /// A model both dialects can be asked for.
    static let model = ArenaModel(name: "fuzz-model", id: "019a0000-0000-7000-8000-000000000000", modality: .chat, takesImages: true)

    static func run(_ bytes: UnsafeRawBufferPointer) -> FuzzFinding? {
        let body = ByteBuffer(bytes: bytes)
        let chat: ChatCompletionRequest
        do {
            chat = try ChatCompletionRequest.decode(body)
        } catch {
            if let finding = checkRefusal(error, decoder: "chat") { return finding }
            return responses(body)
        }
        if let finding = checkArenaRequests(for: chat) { return finding }
        return responses(body)
    }

    private static func responses(_ body: ByteBuffer) -> FuzzFinding? {
        do {
            let request = try ResponsesRequest.decode(body)
            return checkArenaRequests(for: request.chat)
        } catch {
            return checkRefusal(error, decoder: "responses")
        }
    }

    static func checkRefusal(_ error: OpenAIError, decoder: String) -> FuzzFinding? {
        guard (400..<500).contains(error.status) else {
            return FuzzFinding("the \(decoder) decoder refused with status \(error.status): \(error.message.prefix(200))")
        }
        guard error.message.count <= longestMessage, (error.param ?? "").count <= longestMessage else {
            return FuzzFinding("the \(decoder) decoder's refusal is \(error.message.count) characters long: \(error.message.prefix(200))")
        }
        let data = Data(error.body.readableBytesView)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let inner = object["error"] as? [String: Any], (inner["message"] as? String)?.isEmpty == false
        else {
            return FuzzFinding("the \(decoder) decoder's refusal body is not an OpenAI error: \(String(buffer: error.body).prefix(200))")
        }
        return nil
    }

    static func checkArenaRequests(for chat: ChatCompletionRequest) -> FuzzFinding? {
        let messages = PromptInstructions.messages(for: chat)
        _ = ConversationPrompt.flatten(messages)
        for dialect in [ArenaDialect.v2, .legacy] {
            let builder = ArenaRequestBuilder(dialect: dialect)
            let request = builder.chatRequest(
                model: model, conversation: ConversationPrompt.conversation(messages), session: nil, recaptchaToken: "fuzz-token",
                now: Date(timeIntervalSince1970: 1_790_000_000))
            let data = Data(request.body.readableBytesView)
            guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
                return FuzzFinding("an accepted request made a \(dialect) arena body that is not a JSON object (\(data.count) bytes)")
            }
        }
        return nil
    }
}
