import ArenaWire
import NIOCore

/// An ``ImageFetcher`` that answers from fixtures in memory (GET entries), for in-process tests.
public struct ReplayImageFetcher: ImageFetcher {
    /// The fixtures.
    public let replayer: FixtureReplayer

    /// Creates a fetcher over `replayer`.
    public init(replayer: FixtureReplayer) {
        self.replayer = replayer
    }

    /// The body of the GET entry for `url`'s path, within `limit`; a fixture's other status is
    /// that status, anything else a transport failure in MockArena's words.
    public func fetch(_ url: String, limit: Int, within timeout: Duration?) async throws(ImageFetchFailure) -> ByteBuffer {
        let body: ByteBuffer
        switch replayer.resolve(ReplayRequest(method: "GET", url: url, headers: [], body: "")) {
        case .entry(let entry) where entry.plan.status == 200:
            body = entry.plan.body
        case .entry(let entry):
            throw .status(entry.plan.status)
        case .synthetic(let answer) where answer.status == 200:
            body = answer.body
        case .synthetic(let answer):
            throw .status(answer.status)
        case .recaptchaRejected:
            throw .transport("the fixture refused the download")
        case .miss(let miss):
            throw .transport(miss.message)
        }
        guard body.readableBytes <= limit else { throw .tooLarge(body.readableBytes) }
        return body
    }
}
