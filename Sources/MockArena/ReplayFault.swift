import ArenaWire

/// How a replay breaks on purpose (a fixture's `_fault`) or times out, in MockArena's words; the
/// gateway reads its ``kind`` as it reads a socket's failure.
public struct ReplayFault: ArenaTransportFailure, CustomStringConvertible {
    /// The kind of failure a socket would have shown.
    public let kind: ArenaTransportError.Kind
    /// What happened.
    public let detail: String

    /// The connection was reset after `chunks` chunks.
    static func reset(afterChunks chunks: Int) -> ReplayFault {
        ReplayFault(kind: .connectionClosed, detail: "connection reset by MockArena after \(chunks) chunks (fixture fault)")
    }

    /// The head took longer than the replay's first-byte timeout.
    static let slowHead = ReplayFault(kind: .firstByteTimeout, detail: "no response head within the first-byte timeout")

    /// The body stayed silent for longer than the replay's idle timeout.
    static let stalled = ReplayFault(kind: .idleTimeout, detail: "nothing received within the idle timeout")

    /// `detail`.
    public var description: String { detail }
}
