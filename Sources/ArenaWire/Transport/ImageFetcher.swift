import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The one downloader of images: the images an image model produced (for `response_format:
/// b64_json`) and the `http(s)` images a chat request carries, through the gateway's client (so
/// through the outbound proxy too). MockArena's replay fetcher stands in for it in-process.
public protocol ImageFetcher: Sendable {
    /// The bytes at `url` (or of a `data:` URL), at most `limit` of them, the whole download
    /// within `timeout` (`nil`: the fetcher's own).
    func fetch(_ url: String, limit: Int, within timeout: Duration?) async throws(ImageFetchFailure) -> ByteBuffer
}

/// Fetches images over HTTP with the gateway's client, so through the outbound proxy too.
public struct LiveImageFetcher: ImageFetcher {
    /// The largest generated image accepted.
    public static let maxBytes = 32 * 1024 * 1024
    /// What a download asks for.
    static let accept = "image/png,image/jpeg,image/webp,image/gif;q=0.9,*/*;q=0.1"
    /// The client (its configuration holds the outbound proxy).
    public let client: HTTPClient
    /// How long a download may take when the caller names no time.
    public let timeout: Duration
    private let classifier: TransportErrorClassifier

    /// Creates a fetcher; `proxy` names the client's outbound proxy for error messages.
    public init(client: HTTPClient, timeout: Duration, proxy: OutboundProxy? = nil) {
        self.client = client
        self.timeout = timeout
        self.classifier = TransportErrorClassifier(proxy: proxy?.redactedDescription)
    }

    /// Downloads `url` (or decodes a `data:` URL): a status other than 200, a body over `limit`
    /// (by its `Content-Length` before reading, or as it arrives), the time running out and a
    /// failed connection are each an ``ImageFetchFailure`` of their own.
    public func fetch(_ url: String, limit: Int, within timeout: Duration?) async throws(ImageFetchFailure) -> ByteBuffer {
        if let inline = DataURL.decode(url) {
            guard inline.readableBytes <= limit else { throw .tooLarge(inline.readableBytes) }
            return inline
        }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "accept", value: Self.accept)
        let outbound = request
        let client = self.client
        do {
            return try await StepDeadline.run(within: timeout ?? self.timeout) {
                let response = try await client.execute(outbound, timeout: .hours(1))
                guard response.status == .ok else { throw ImageFetchFailure.status(Int(response.status.code)) }
                if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > limit {
                    throw ImageFetchFailure.tooLarge(length)
                }
                do {
                    return try await response.body.collect(upTo: limit)
                } catch is NIOTooManyBytesError {
                    throw ImageFetchFailure.tooLarge(nil)
                }
            }
        } catch let failure as ImageFetchFailure {
            throw failure
        } catch let exceeded as StepDeadline.Exceeded {
            throw .timedOut(exceeded.limit)
        } catch {
            switch classifier.classify(error, beforeHead: true) {
            case .cancelled: throw .cancelled
            case .failed(let failure): throw .transport(failure.detail)
            }
        }
    }
}

/// Why an image could not be downloaded.
public enum ImageFetchFailure: Error, Sendable, Equatable {
    /// The image host answered this status instead of 200.
    case status(Int)
    /// The image is larger than the limit (its `Content-Length`, when it said).
    case tooLarge(Int?)
    /// The download did not finish within this time.
    case timedOut(Duration)
    /// The connection failed; what happened, free of credentials.
    case transport(String)
    /// The request was cancelled.
    case cancelled
}

/// `data:image/png;base64,...` URLs, which some image models answer with.
enum DataURL {
    /// The bytes of a base64 data URL, or `nil` when `url` is not one.
    static func decode(_ url: String) -> ByteBuffer? {
        guard url.hasPrefix("data:"), let comma = url.firstIndex(of: ","), url[..<comma].hasSuffix(";base64"),
            let data = Data(base64Encoded: String(url[url.index(after: comma)...]))
        else { return nil }
        return ByteBuffer(bytes: data)
    }
}
