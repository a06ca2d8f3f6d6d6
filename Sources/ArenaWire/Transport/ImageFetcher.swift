import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Downloads an image an image model produced, for `response_format: b64_json`.
public protocol ImageFetcher: Sendable {
    /// The bytes at `url`; throws when they cannot be had (an ``ImageFetchFailure``, or any error,
    /// which the images route reports by its description).
    func fetch(_ url: String) async throws -> ByteBuffer
}

/// Fetches images over HTTP with the gateway's client, so through the outbound proxy too.
public struct LiveImageFetcher: ImageFetcher {
    /// The largest image accepted.
    public static let maxBytes = 32 * 1024 * 1024
    /// The client (its configuration holds the outbound proxy).
    public let client: HTTPClient
    /// How long a download may take.
    public let timeout: TimeAmount
    private let classifier: TransportErrorClassifier

    /// Creates a fetcher; `proxy` names the client's outbound proxy for error messages.
    public init(client: HTTPClient, timeout: TimeAmount, proxy: OutboundProxy? = nil) {
        self.client = client
        self.timeout = timeout
        self.classifier = TransportErrorClassifier(proxy: proxy?.redactedDescription)
    }

    /// Downloads `url` (or decodes a `data:` URL).
    public func fetch(_ url: String) async throws -> ByteBuffer {
        if let inline = DataURL.decode(url) { return inline }
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: timeout)
            guard response.status == .ok else {
                throw ImageFetchFailure.status(Int(response.status.code))
            }
            return try await response.body.collect(upTo: Self.maxBytes)
        } catch let failure as ImageFetchFailure {
            throw failure
        } catch {
            switch classifier.classify(error, beforeHead: true) {
            case .cancelled: throw CancellationError()
            case .failed(let failure): throw ImageFetchFailure.transport(failure.detail)
            }
        }
    }
}

/// Why an image could not be downloaded.
package enum ImageFetchFailure: Error, Sendable, Equatable {
    /// The image host answered this status instead of 200.
    case status(Int)
    /// The download failed; what happened, free of credentials.
    case transport(String)
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
