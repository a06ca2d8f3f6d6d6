import ArenaWire
import Logging

extension ArenaGateway {
    /// The attachments for `images` on `session`, as a ``GatewayFailure`` when the upload fails.
    func upload(_ images: [PreparedImage], session: ArenaSession, logger: Logger) async throws(GatewayFailure) -> [ArenaAttachment] {
        guard !images.isEmpty else { return [] }
        guard let uploader else {
            throw .upload(UploadFailure(step: .generateUploadUrl, detail: "this gateway has no uploader"))
        }
        do throws(UploadFailure) {
            return try await uploader.attachments(for: images, session: session)
        } catch {
            logger.warning(
                "image upload failed", metadata: ["step": "\(error.step.rawValue)", "image": "\(error.image ?? "-")", "detail": "\(error.detail)"])
            metrics.recordAttempt(outcome: "upload_failed")
            throw .upload(error)
        }
    }
}
