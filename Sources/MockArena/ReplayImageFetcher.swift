import NIOCore
import Proxy

/// An ``ImageFetcher`` that answers from fixtures in memory (GET entries), for in-process tests.
public struct ReplayImageFetcher: ImageFetcher {
    /// The fixtures.
    public let replayer: FixtureReplayer

    /// Creates a fetcher over `replayer`.
    public init(replayer: FixtureReplayer) {
        self.replayer = replayer
    }

    /// The body of the GET entry for `url`'s path.
    public func fetch(_ url: String) async throws -> ByteBuffer {
        switch replayer.resolve(ReplayRequest(method: "GET", url: url, headers: [], body: "")) {
        case .entry(let entry) where entry.plan.status == 200:
            return entry.plan.body
        case .entry(let entry):
            throw OpenAIError(status: 502, message: "image download answered \(entry.plan.status)", type: "upstream_error", code: "image_download_failed")
        case .recaptchaRejected:
            throw OpenAIError(status: 502, message: "image download was refused", type: "upstream_error", code: "image_download_failed")
        case .miss(let miss):
            throw OpenAIError(status: 502, message: miss.message, type: "upstream_error", code: "image_download_failed")
        }
    }
}
