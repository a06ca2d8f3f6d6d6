import Accounts
import ArenaWire
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Puts images on lmarena's storage as the site's page does (docs/UPSTREAM.md, "2026: what captures of the live site add"):
/// `generateUploadUrl`, a `PUT` of the bytes, `getSignedUrl`; then the user message carries the
/// signed URLs as `experimental_attachments`.
///
/// The action ids come from a ``ServerActionDirectory`` (pinned, or discovered from the site's
/// scripts, and discovered again once when the site calls them stale). Signed URLs are reused
/// for the same bytes until they expire. Every step has its own deadline and its own
/// ``UploadFailure``; nothing here touches a session's health, but a session's action calls go
/// through the one ``ArenaExchange``, so a rotated cookie is taken and Cloudflare is recorded.
package final class AttachmentUploader: Sendable {
    /// The largest action answer read.
    static let maxReplyBytes = 1 << 20
    /// The largest page or script chunk read while discovering.
    static let maxScriptBytes = 16 << 20
    /// The most script chunks read by one discovery.
    static let maxChunks = 150

    let transport: any ArenaTransport
    let builder: ArenaRequestBuilder
    /// How long each step may take (`UPLOAD_TIMEOUT`).
    let stepTimeout: Duration
    let redactor: Redactor
    let logger: Logger
    let directory: ServerActionDirectory
    /// The one exchange with lmarena (`nil`: the transport alone, nobody told what answers say).
    let exchange: ArenaExchange?
    private let signedURLs = Mutex(SignedURLCache())

    /// Creates an uploader; `pinned` ids skip the first discovery.
    package init(
        transport: any ArenaTransport, builder: ArenaRequestBuilder, stepTimeout: Duration, pinned: ServerActionIDs? = nil,
        redactor: Redactor = Redactor(), logger: Logger = Logger(label: "lmarena2api.uploads"), exchange: ArenaExchange? = nil
    ) {
        self.exchange = exchange
        self.transport = transport
        self.builder = builder
        self.stepTimeout = stepTimeout
        self.redactor = redactor
        self.logger = logger
        self.directory = ServerActionDirectory(pinned: pinned)
    }

    /// The attachments for `images`, in order: kept signed URLs where the bytes went up before,
    /// uploads (with the cookies of `session`) for the rest.
    package func attachments(for images: [PreparedImage], session: ArenaSession?) async throws(UploadFailure) -> [ArenaAttachment] {
        var attachments: [ArenaAttachment] = []
        for image in images {
            let kept = signedURLs.withLock { $0.url(for: image.digest, now: Date()) }
            let url: String
            if let kept {
                url = kept
                logger.debug("reusing the signed URL of \(image.name)", metadata: ["sha256": "\(image.digest.prefix(12))"])
            } else {
                url = try await upload(image, session: session)
            }
            attachments.append(ArenaAttachment(name: image.name, contentType: image.format.mimeType, url: url))
        }
        return attachments
    }

    /// How many discoveries of the action ids have run.
    package var discoveries: Int { directory.snapshot.discoveries }

    /// How many signed URLs are kept now.
    var keptURLs: Int { signedURLs.withLock { $0.count } }

    private func upload(_ image: PreparedImage, session: ArenaSession?) async throws(UploadFailure) -> String {
        let started = ContinuousClock.now
        let ticket = try await callAction(.generateUploadUrl, arguments: [image.name, image.format.mimeType], image: image.name, session: session)
        guard let uploadURL = ticket["uploadUrl"], let key = ticket["key"], !uploadURL.isEmpty, !key.isEmpty else {
            throw UploadFailure(step: .generateUploadUrl, image: image.name, detail: "its answer lacks uploadUrl or key")
        }
        let (status, body, _) = try await exchange(
            builder.uploadRequest(url: uploadURL, image: image), step: .putBytes, image: image.name, limit: Self.maxReplyBytes)
        guard (200..<300).contains(status) else {
            throw UploadFailure(
                step: .putBytes, image: image.name, detail: redactor.scrub("storage answered \(status): \(UpstreamBodyDetail.describe(body))"))
        }
        let signed = try await callAction(.getSignedUrl, arguments: [key], image: image.name, session: session)
        guard let url = signed["url"], url.hasPrefix("http") else {
            throw UploadFailure(step: .getSignedUrl, image: image.name, detail: "its answer has no url")
        }
        signedURLs.withLock { $0.store(url, for: image.digest, now: Date()) }
        logger.info(
            "uploaded \(image.name)",
            metadata: [
                "bytes": "\(image.bytes.readableBytes)", "type": "\(image.format.mimeType)", "sha256": "\(image.digest.prefix(12))",
                "took": "\(started.duration(to: .now))",
            ])
        return url
    }

    /// Calls the action of `step`; when the site says the id is stale, discovers the ids again
    /// (once) and calls the new one.
    private func callAction(_ step: UploadStep, arguments: [String], image: String, session: ArenaSession?) async throws(UploadFailure) -> [String:
        String]
    {
        var ids = try await directory.ids(discover: discoverer)
        var rediscovered = false
        while true {
            let request = builder.serverActionRequest(actionID: ids.id(for: step), arguments: arguments, session: session)
            let (status, body, _) = try await exchange(request, step: step, image: image, limit: Self.maxReplyBytes, session: session)
            switch ServerActionReply.parse(status: status, body: body) {
            case .data(let data):
                return data
            case .failed(let detail):
                throw UploadFailure(step: step, image: image, detail: redactor.scrub(detail))
            case .actionNotFound:
                guard !rediscovered else {
                    throw UploadFailure(
                        step: step, image: image,
                        detail: "lmarena answered 'Server action not found.' to the id just discovered (\(ids.id(for: step)))")
                }
                rediscovered = true
                logger.warning("lmarena no longer knows the \(step.rawValue) action \(ids.id(for: step)) (a new deploy): discovering the ids again")
                let fresh = try await directory.replace(stale: ids, discover: discoverer)
                guard fresh.id(for: step) != ids.id(for: step) else {
                    throw UploadFailure(
                        step: step, image: image, detail: "lmarena answered 'Server action not found.', and its scripts still name the same id")
                }
                ids = fresh
            }
        }
    }

    private var discoverer: @Sendable () async -> Result<ServerActionIDs, UploadFailure> {
        { [self] in
            do throws(UploadFailure) {
                return .success(try await discover())
            } catch {
                logger.warning("could not discover lmarena's upload actions: \(error.detail)")
                return .failure(error)
            }
        }
    }
}
