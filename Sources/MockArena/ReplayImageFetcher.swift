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

    /// The body of the GET entry for `url`'s path; throws ``ReplayDownloadError`` otherwise.
    public func fetch(_ url: String) async throws -> ByteBuffer {
        switch replayer.resolve(ReplayRequest(method: "GET", url: url, headers: [], body: "")) {
        case .entry(let entry) where entry.plan.status == 200:
            return entry.plan.body
        case .entry(let entry):
            throw ReplayDownloadError(description: "the fixture answered \(entry.plan.status)")
        case .synthetic(let answer) where answer.status == 200:
            return answer.body
        case .synthetic(let answer):
            throw ReplayDownloadError(description: "MockArena answered \(answer.status)")
        case .recaptchaRejected:
            throw ReplayDownloadError(description: "the fixture refused the download")
        case .miss(let miss):
            throw ReplayDownloadError(description: miss.message)
        }
    }
}

/// Why a download from fixtures failed, in MockArena's words.
public struct ReplayDownloadError: Error, Sendable, CustomStringConvertible {
    /// What happened.
    public let description: String
}
