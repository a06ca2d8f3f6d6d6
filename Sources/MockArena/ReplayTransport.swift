import ArenaWire
import NIOCore
import NIOHTTP1
import Recorder

/// An ``ArenaTransport`` that answers from fixtures in memory: no socket, for fast tests.
///
/// With a `speed`, chunks arrive at their recorded offsets divided by it; without one, at once.
/// Faults and timeouts behave as on a socket with the live transport: `reset` fails the body
/// read as a closed connection, `stall` waits until the idle timeout (or until cancelled), and a
/// head slower than the first-byte timeout fails as one.
public struct ReplayTransport: ArenaTransport {
    /// The fixtures and sequence state.
    public let replayer: FixtureReplayer
    /// Replay speed: offsets are divided by it; `nil` or 0 sends everything at once.
    public let speed: Double?
    /// How long the head may take, as the live transport's first-byte timeout.
    public let firstByteTimeout: Duration?
    /// How long the body may stay silent, as the live transport's idle timeout.
    public let idleTimeout: Duration?
    /// What `{{mockarena}}` in a replayed body becomes (no server listens there: ``ReplayImageFetcher`` answers it).
    public static let origin = "http://mockarena.invalid"

    /// Creates a transport over `replayer`.
    public init(replayer: FixtureReplayer, speed: Double? = nil, firstByteTimeout: Duration? = nil, idleTimeout: Duration? = nil) {
        self.replayer = replayer
        self.speed = speed
        self.firstByteTimeout = firstByteTimeout
        self.idleTimeout = idleTimeout
    }

    /// Answers `request` from the fixtures.
    public func send(_ request: ArenaRequest) async throws -> ArenaResponse {
        let replayRequest = ReplayRequest(
            method: request.method.rawValue, url: request.url,
            headers: request.headers.map { (name: $0.name, value: $0.value) },
            body: String(buffer: request.body), bytes: request.body)
        switch replayer.resolve(replayRequest) {
        case .synthetic(let answer):
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: answer.contentType)
            return ArenaResponse(status: answer.status, headers: headers, body: ArenaBody(chunks: [answer.body]))
        case .recaptchaRejected:
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "application/json")
            return ArenaResponse(
                status: 403, headers: headers, body: ArenaBody(chunks: [ByteBuffer(string: ArenaVocabulary.ErrorBody.recaptchaRejected)]))
        case .miss(let miss):
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "application/json")
            return ArenaResponse(status: ReplayMiss.status, headers: headers, body: ArenaBody(chunks: [miss.body]))
        case .entry(let entry):
            let clock = ReplayClock(speed: speed)
            if let firstByteTimeout, let speed, speed > 0, Duration.milliseconds(entry.plan.headMs / speed) > firstByteTimeout {
                try await Task.sleep(for: firstByteTimeout)
                throw ReplayFault.slowHead
            }
            try await clock.sleep(untilMs: entry.plan.headMs)
            var headers = HTTPHeaders()
            for header in entry.plan.headers { headers.add(name: header.name, value: header.value) }
            let body = ReplayBody(plan: entry.plan.substituting(origin: Self.origin, for: replayRequest), clock: clock, idleTimeout: idleTimeout)
            return ArenaResponse(status: entry.plan.status, headers: headers, body: ArenaBody(body))
        }
    }
}

/// Replays a plan's chunks at their offsets, applying its fault.
struct ReplayBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let plan: ReplayPlan
    let clock: ReplayClock
    let idleTimeout: Duration?

    func makeAsyncIterator() -> Iterator {
        Iterator(plan: plan, clock: clock, idleTimeout: idleTimeout)
    }

    struct Iterator: AsyncIteratorProtocol {
        let plan: ReplayPlan
        let clock: ReplayClock
        let idleTimeout: Duration?
        var index = 0

        mutating func next() async throws -> ByteBuffer? {
            if let fault = plan.fault, index >= fault.afterChunks {
                switch fault.kind {
                case .reset:
                    throw ReplayFault.reset(afterChunks: fault.afterChunks)
                case .stall:
                    guard let idleTimeout else { try await ReplayClock.sleepUntilCancelled() }
                    try await Task.sleep(for: idleTimeout)
                    throw ReplayFault.stalled
                }
            }
            guard index < plan.chunks.count else { return nil }
            let chunk = plan.chunks[index]
            index += 1
            try await clock.sleep(untilMs: chunk.offsetMs)
            return chunk.bytes
        }
    }
}
