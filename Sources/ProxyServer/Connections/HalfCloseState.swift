import NIOCore

/// What a connection does when its client closes its sending side (a TCP half-close, read as
/// the end of input) while a server-sent event stream is going out.
///
/// The end of input is no proof that the client left: a client may shut down its sending side
/// after its request and go on reading. While the stream lasts, the end of input is held back
/// (passed on, it would cancel the answer) and the client is probed with SSE comment lines
/// (`:` lines, which every SSE reader skips): a client that closed for good answers the first
/// with a reset, so a later write fails and the connection closes, cancelling the answer. Once
/// the answer has ended, the held end of input is passed on. Without a stream going out, the end
/// of input is passed on at once.
struct HalfCloseState: Sendable {
    /// What to do with the end of input, when it arrives or when a response head settles it.
    enum Action: Equatable, Sendable {
        /// Nothing now.
        case none
        /// Pass the end of input on: no stream is going out.
        case forward
        /// Hold it: a request is being answered and its answer may be a stream.
        case hold
        /// Hold it and probe the client now: a stream is going out.
        case holdAndProbe
    }

    /// When probes go out after the end of input, from its arrival: a reset answers the first
    /// within a round trip, so the second one fails; after the third, one every ``heartbeat``,
    /// so a client that left is noticed even while the upstream is silent.
    static let probeOffsets: [TimeAmount] = [.zero, .milliseconds(200), .seconds(1)]
    /// The interval of probes after the scheduled ones.
    static let heartbeat: TimeAmount = .seconds(5)

    /// The comment line a probe writes.
    static let probeLine = ": \n\n"

    /// A request head arrived and its answer has not ended.
    private var answering = false
    private var bodyComplete = false
    private var responding = false
    private var eventStream = false
    private(set) var holding = false
    private var probesSent = 0
    private var probingSince: NIODeadline?

    /// A request head arrived.
    mutating func requestHead() {
        answering = true
        bodyComplete = false
    }

    /// The request's body is complete.
    mutating func requestEnd() {
        bodyComplete = true
    }

    /// The client closed its sending side at `now`. With the request's body unfinished the end
    /// of input is passed on: that body will never be whole, and the request must fail at once.
    mutating func inputClosed(now: NIODeadline) -> Action {
        guard answering, bodyComplete, !holding else { return .forward }
        holding = true
        guard responding else { return .hold }
        guard eventStream else {
            holding = false
            return .forward
        }
        return startProbing(now: now)
    }

    /// A response head went out at `now`; `isEventStream` when its content type is `text/event-stream`.
    mutating func responseHead(isEventStream: Bool, now: NIODeadline) -> Action {
        responding = true
        eventStream = isEventStream
        guard holding else { return .none }
        guard isEventStream else {
            holding = false
            return .forward
        }
        return startProbing(now: now)
    }

    private mutating func startProbing(now: NIODeadline) -> Action {
        probingSince = now
        probesSent = 0
        return .holdAndProbe
    }

    /// A probe was written at `now`; returns when the next one is due (nil when none is).
    mutating func probeWritten(now: NIODeadline) -> NIODeadline? {
        guard holding, let probingSince else { return nil }
        probesSent += 1
        if probesSent < Self.probeOffsets.count { return probingSince + Self.probeOffsets[probesSent] }
        return now + Self.heartbeat
    }

    /// Whether a probe due now should go out: only while the held stream is still going out.
    var probeWanted: Bool { holding && responding && eventStream }

    /// The response ended; returns whether the held end of input must now be passed on.
    mutating func responseEnded() -> Bool {
        answering = false
        responding = false
        eventStream = false
        defer {
            holding = false
            probingSince = nil
        }
        return holding
    }
}
