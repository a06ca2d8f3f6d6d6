import ArenaWire
import Synchronization

/// Moves an ``ArenaAnswer`` from the handler that opened it to the response body writer that
/// streams it: the answer is taken out once, so two tasks never read it.
///
/// The answer is not `Sendable` (it is a reader with state); the mutex makes the move a checked
/// transfer instead of an unchecked promise.
package final class AnswerHandoff: Sendable {
    private let slot: Mutex<ArenaAnswer?>

    /// Holds `answer` until it is taken.
    package init(_ answer: sending ArenaAnswer) {
        slot = Mutex(answer)
    }

    /// The answer, the first time; `nil` after.
    package func take() -> sending ArenaAnswer? {
        slot.withLock { answer in
            let taken = answer
            answer = nil
            return taken
        }
    }
}
