import ArenaWire
import GatewayCore
import OpenAISurface

extension ArenaGateway {
    /// The images of `messages`, read and recognised, once the model is known to take images:
    /// a model whose catalogue entry takes none gets a 400 naming the first image part.
    package func prepareImages(_ messages: [ChatMessage], model: ArenaModel, name: String) async throws(OpenAIError) -> [PreparedImage] {
        guard let first = messages.lazy.flatMap(\.images).first else { return [] }
        if model.takesImages == false {
            throw .invalidRequest(
                "\(first.param) is an image, and the model '\(String(name.prefix(200)))' takes no images (its lmarena catalogue entry has no image input); choose a vision model from GET /v1/models (input_image: true)",
                param: first.param, code: .modelNotVision)
        }
        guard let imageIntake, uploader != nil else {
            throw .invalidRequest("\(first.param): this gateway takes no images", param: first.param, code: .unsupportedContentType)
        }
        do throws(ImageRefusal) {
            return try await imageIntake.prepare(messages.flatMap(\.images))
        } catch {
            throw OpenAIError(error)
        }
    }
}

extension OpenAIError {
    /// An image the client must fix: 413 for one over the limit, 400 for the rest.
    init(_ refusal: ImageRefusal) {
        self.init(
            status: refusal.reason == .tooLarge ? 413 : 400, message: refusal.message, type: .invalidRequest,
            param: refusal.param, code: ErrorCode(refusal.code))
    }
}
