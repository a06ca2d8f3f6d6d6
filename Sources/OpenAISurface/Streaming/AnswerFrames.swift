import ArenaWire
import NIOCore

/// How one endpoint writes an answer as server-sent events: chat completion chunks or
/// Responses API events. The server's streaming skeleton owns everything else (the head, the
/// flush rule, the client leaving, the shutdown cut, the log line); a conformer writes frames.
///
/// The skeleton calls `start` once, `write` for every content event in answer order (never
/// `.finish`), then exactly one of `finish` and `fail`.
package protocol AnswerFrames: Sendable {
    /// What the answer is called in the log line, e.g. `chat completion`.
    static var name: String { get }
    /// The model name the client asked for, reported in errors.
    var model: String { get }
    /// Whether the answer was cut on the client's terms (a stop sequence, a token limit): no more
    /// upstream events are wanted.
    var isCut: Bool { get }
    /// Writes what comes before the first content.
    mutating func start(into buffer: inout ByteBuffer)
    /// Writes the frames of one content event.
    mutating func write(_ event: ArenaEvent, into buffer: inout ByteBuffer)
    /// Writes the end of an answer that ended normally, with lmarena's finish reason and usage.
    mutating func finish(upstreamReason: String?, usage: ArenaUsage?, into buffer: inout ByteBuffer)
    /// Writes the end of an answer that failed after it started (or was cut at shutdown).
    mutating func fail(_ error: OpenAIError, into buffer: inout ByteBuffer)
}
