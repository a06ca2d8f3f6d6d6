import Logging

extension ArenaGateway {
    /// The images of `messages`, read and recognised, once the model is known to take images:
    /// a model whose catalogue entry takes none gets a 400 naming the first image part.
    func prepareImages(_ messages: [ChatMessage], model: ArenaModel, name: String) async throws(OpenAIError) -> [PreparedImage] {
        guard let first = messages.lazy.flatMap(\.images).first else { return [] }
        if model.takesImages == false {
            throw .invalidRequest(
                "\(first.param) is an image, and the model '\(String(name.prefix(200)))' takes no images (its lmarena catalogue entry has no image input); choose a vision model from GET /v1/models (input_image: true)",
                param: first.param, code: "model_not_vision")
        }
        guard let imageIntake, uploader != nil else {
            throw .invalidRequest("\(first.param): this gateway takes no images", param: first.param, code: "unsupported_content_type")
        }
        return try await imageIntake.prepare(messages)
    }

    /// The attachments for `images` on `session`, as a ``GatewayFailure`` when the upload fails.
    func upload(_ images: [PreparedImage], session: ArenaSession, logger: Logger) async throws(GatewayFailure) -> [ArenaAttachment] {
        guard !images.isEmpty else { return [] }
        guard let uploader else {
            throw .upload(UploadFailure(step: .generateUploadUrl, detail: "this gateway has no uploader"))
        }
        do throws(UploadFailure) {
            return try await uploader.attachments(for: images, session: session)
        } catch {
            logger.warning("image upload failed", metadata: ["step": "\(error.step.rawValue)", "image": "\(error.image ?? "-")", "detail": "\(error.detail)"])
            metrics.recordAttempt(outcome: "upload_failed")
            throw .upload(error)
        }
    }
}
