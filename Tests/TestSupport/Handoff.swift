import Synchronization

/// Moves a value that one task at a time uses to another task: taken out once, checked by the
/// compiler as a transfer.
public final class Handoff<Value>: Sendable {
    private let slot: Mutex<Value?>

    /// Holds `value` until it is taken.
    public init(_ value: sending Value) {
        slot = Mutex(value)
    }

    /// The value, the first time; `nil` after.
    public func take() -> sending Value? {
        slot.withLock { value in
            let taken = value
            value = nil
            return taken
        }
    }
}
