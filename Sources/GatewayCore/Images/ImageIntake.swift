import ArenaWire
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Reads the bytes of the images a request carries: `data:` URLs decoded in place, `http(s)`
/// URLs downloaded with the gateway's client (so through `PROXY_URL`), each under
/// `MAX_IMAGE_BYTES` and within `IMAGE_FETCH_TIMEOUT`, and recognised by their first bytes.
///
/// Every failure is the client's to fix and says which part it was: 400 for a URL that cannot be
/// read or bytes that are not an image, 413 for an image over the limit.
public struct ImageIntake: Sendable {
    /// The most images one request may carry.
    package static let maxImages = 16
    /// The largest image accepted, in bytes (`MAX_IMAGE_BYTES`).
    package var maxBytes: Int
    /// How long one download may take, body included.
    package var fetchTimeout: Duration
    /// The gateway's one image downloader; `nil` refuses http(s) URLs (tests that need none).
    package var fetcher: (any ImageFetcher)?
    /// Which hosts may be downloaded from (`IMAGE_DOWNLOADS`).
    package var policy: ImageDownloadPolicy

    /// Creates an intake that downloads through `fetcher`.
    package init(maxBytes: Int, fetchTimeout: Duration, fetcher: (any ImageFetcher)?, policy: ImageDownloadPolicy = .publicOnly) {
        self.policy = policy
        self.maxBytes = maxBytes
        self.fetchTimeout = fetchTimeout
        self.fetcher = fetcher
    }

    /// The images `references` name, in order, read and recognised.
    package func prepare(_ references: [ImageReference]) async throws(ImageRefusal) -> [PreparedImage] {
        guard references.count <= Self.maxImages else {
            throw .invalid(
                "the request carries \(references.count) images; at most \(Self.maxImages) go up to lmarena with one message",
                param: references[Self.maxImages].param, code: "too_many_images")
        }
        var prepared: [PreparedImage] = []
        for (index, reference) in references.enumerated() {
            let bytes = try await read(reference)
            guard let format = ImageFormat.sniff(bytes) else {
                throw .invalid(
                    "\(reference.param) is not a PNG, JPEG, WebP or GIF image (judged by its bytes, \(bytes.readableBytes) of them)",
                    param: reference.param, code: "invalid_image_format")
            }
            prepared.append(PreparedImage(bytes: bytes, format: format, number: index + 1, param: reference.param))
        }
        return prepared
    }

    /// The bytes of one image.
    func read(_ reference: ImageReference) async throws(ImageRefusal) -> ByteBuffer {
        if reference.url.prefix(5).lowercased() == "data:" {
            return try decode(reference)
        }
        return try await download(reference)
    }

    /// A base64 `data:` URL's bytes; its size is checked before decoding.
    private func decode(_ reference: ImageReference) throws(ImageRefusal) -> ByteBuffer {
        let url = reference.url
        guard let comma = url.firstIndex(of: ",") else {
            throw .invalid("\(reference.param): the data: URL has no ',' before its data", param: reference.param, code: "invalid_image_url")
        }
        let header = url[url.index(url.startIndex, offsetBy: 5)..<comma].lowercased()
        guard header.hasSuffix(";base64") else {
            throw .invalid(
                "\(reference.param): the data: URL must be base64 (data:image/png;base64,...)", param: reference.param, code: "invalid_image_url")
        }
        let payload = url[url.index(after: comma)...]
        let estimate = payload.utf8.count / 4 * 3
        guard estimate <= maxBytes + 3 else { throw tooLarge(reference, bytes: estimate) }
        guard let data = Data(base64Encoded: String(payload), options: .ignoreUnknownCharacters), !data.isEmpty else {
            throw .invalid("\(reference.param): the data: URL's base64 does not decode", param: reference.param, code: "invalid_image_url")
        }
        guard data.count <= maxBytes else { throw tooLarge(reference, bytes: data.count) }
        return ByteBuffer(bytes: data)
    }

    /// An http(s) URL's bytes, read up to the limit, through the gateway's one downloader.
    private func download(_ reference: ImageReference) async throws(ImageRefusal) -> ByteBuffer {
        guard let fetcher else {
            throw .invalid(
                "\(reference.param): this gateway downloads no image URLs; send a data: URL", param: reference.param, code: "invalid_image_url")
        }
        if let refusal = await policy.refusal(of: reference.url) {
            throw .invalid("\(reference.param): \(refusal)", param: reference.param, code: "invalid_image_url")
        }
        do throws(ImageFetchFailure) {
            return try await fetcher.fetch(reference.url, limit: maxBytes, within: fetchTimeout)
        } catch {
            let said: String
            switch error {
            case .tooLarge(let length): throw tooLarge(reference, bytes: length)
            case .timedOut: said = "took longer than IMAGE_FETCH_TIMEOUT (\(fetchTimeout))"
            case .status(let status): said = "answered HTTP \(status)"
            case .transport(let detail): said = "failed: \(detail)"
            case .cancelled: said = "failed: the download was cancelled"
            }
            throw .invalid("\(reference.param): downloading \(reference.shortDescription) \(said)", param: reference.param, code: "invalid_image_url")
        }
    }

    private func tooLarge(_ reference: ImageReference, bytes: Int?) -> ImageRefusal {
        let size = bytes.map { "is \($0) bytes" } ?? "is larger"
        return ImageRefusal(
            reason: .tooLarge, message: "\(reference.param): the image \(size), more than MAX_IMAGE_BYTES (\(maxBytes) bytes)",
            param: reference.param, code: "image_too_large")
    }
}
