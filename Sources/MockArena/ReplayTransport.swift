import NIOCore
import NIOHTTP1
import Proxy

/// An ``ArenaTransport`` that answers from fixtures in memory: no socket, for fast tests.
///
/// With a `speed`, chunks arrive at their recorded offsets divided by it; without one, at once.
/// Faults behave as on a socket: `reset` fails the body read, `stall` waits until cancelled.
public struct ReplayTransport: ArenaTransport {
    /// The fixtures and sequence state.
    public let replayer: FixtureReplayer
    /// Replay speed: offsets are divided by it; `nil` or 0 sends everything at once.
    public let speed: Double?

    /// Creates a transport over `replayer`.
    public init(replayer: FixtureReplayer, speed: Double? = nil) {
        self.replayer = replayer
        self.speed = speed
    }

    /// Answers `request` from the fixtures.
    public func send(_ request: ArenaRequest) async throws -> ArenaResponse {
        let replayRequest = ReplayRequest(
            method: request.method.rawValue, url: request.url,
            headers: request.headers.map { (name: $0.name, value: $0.value) },
            body: String(buffer: request.body))
        switch replayer.resolve(replayRequest) {
        case .miss(let miss):
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "application/json")
            return ArenaResponse(status: ReplayMiss.status, headers: headers, body: ArenaBody(chunks: [miss.body]))
        case .entry(let entry):
            let clock = ReplayClock(speed: speed)
            try await clock.sleep(untilMs: entry.plan.headMs)
            var headers = HTTPHeaders()
            for header in entry.plan.headers { headers.add(name: header.name, value: header.value) }
            let body = ReplayBody(plan: entry.plan, clock: clock)
            return ArenaResponse(status: entry.plan.status, headers: headers, body: ArenaBody(body))
        }
    }
}

/// The failure a `reset` fault produces on the in-process transport.
public struct ReplayConnectionReset: Error, Sendable, CustomStringConvertible {
    /// How many chunks were sent before the reset.
    public let afterChunks: Int
    /// A sentence for logs.
    public var description: String { "connection reset by MockArena after \(afterChunks) chunks (fixture fault)" }
}

/// Replays a plan's chunks at their offsets, applying its fault.
struct ReplayBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let plan: ReplayPlan
    let clock: ReplayClock

    func makeAsyncIterator() -> Iterator {
        Iterator(plan: plan, clock: clock)
    }

    struct Iterator: AsyncIteratorProtocol {
        let plan: ReplayPlan
        let clock: ReplayClock
        var index = 0

        mutating func next() async throws -> ByteBuffer? {
            if let fault = plan.fault, index >= fault.afterChunks {
                switch fault.kind {
                case .reset:
                    throw ReplayConnectionReset(afterChunks: fault.afterChunks)
                case .stall:
                    try await ReplayClock.sleepUntilCancelled()
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
