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
    /// The client downloads go through; `nil` refuses http(s) URLs (tests that need none).
    package var client: HTTPClient?
    /// Which hosts may be downloaded from (`IMAGE_DOWNLOADS`).
    package var policy: ImageDownloadPolicy
    private let classifier: TransportErrorClassifier

    /// Creates an intake; `proxy` names the client's outbound proxy for error messages.
    package init(
        maxBytes: Int, fetchTimeout: Duration, client: HTTPClient?, policy: ImageDownloadPolicy = .publicOnly, proxy: OutboundProxy? = nil
    ) {
        self.policy = policy
        self.maxBytes = maxBytes
        self.fetchTimeout = fetchTimeout
        self.client = client
        self.classifier = TransportErrorClassifier(proxy: proxy?.redactedDescription)
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

    /// An http(s) URL's bytes, read up to the limit.
    private func download(_ reference: ImageReference) async throws(ImageRefusal) -> ByteBuffer {
        guard let client else {
            throw .invalid(
                "\(reference.param): this gateway downloads no image URLs; send a data: URL", param: reference.param, code: "invalid_image_url")
        }
        if let refusal = await policy.refusal(of: reference.url) {
            throw .invalid("\(reference.param): \(refusal)", param: reference.param, code: "invalid_image_url")
        }
        var outbound = HTTPClientRequest(url: reference.url)
        outbound.headers.add(name: "accept", value: "image/png,image/jpeg,image/webp,image/gif;q=0.9,*/*;q=0.1")
        let request = outbound
        do {
            return try await StepDeadline.run(within: fetchTimeout) { [maxBytes] in
                let response = try await client.execute(request, timeout: .hours(1))
                guard response.status == .ok else {
                    throw ImageDownloadProblem.status(Int(response.status.code))
                }
                if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > maxBytes {
                    throw ImageDownloadProblem.tooLarge(length)
                }
                do {
                    return try await response.body.collect(upTo: maxBytes)
                } catch is NIOTooManyBytesError {
                    throw ImageDownloadProblem.tooLarge(nil)
                }
            }
        } catch is StepDeadline.Exceeded {
            throw .invalid(
                "\(reference.param): downloading \(reference.shortDescription) took longer than IMAGE_FETCH_TIMEOUT (\(fetchTimeout))",
                param: reference.param, code: "invalid_image_url")
        } catch let problem as ImageDownloadProblem {
            switch problem {
            case .status(let status):
                throw .invalid(
                    "\(reference.param): downloading \(reference.shortDescription) answered HTTP \(status)", param: reference.param,
                    code: "invalid_image_url")
            case .tooLarge(let length):
                throw tooLarge(reference, bytes: length)
            }
        } catch {
            let detail = classifier.classify(error, beforeHead: true).failure?.detail ?? "the download was cancelled"
            throw .invalid(
                "\(reference.param): downloading \(reference.shortDescription) failed: \(detail)", param: reference.param, code: "invalid_image_url")
        }
    }

    private func tooLarge(_ reference: ImageReference, bytes: Int?) -> ImageRefusal {
        let size = bytes.map { "is \($0) bytes" } ?? "is larger"
        return ImageRefusal(
            reason: .tooLarge, message: "\(reference.param): the image \(size), more than MAX_IMAGE_BYTES (\(maxBytes) bytes)",
            param: reference.param, code: "image_too_large")
    }
}

/// Why a download was refused before its bytes were taken.
private enum ImageDownloadProblem: Error {
    case status(Int)
    case tooLarge(Int?)
}
