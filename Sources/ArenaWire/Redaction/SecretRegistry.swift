import Synchronization

/// Credentials learned while running (cookies lmarena rotated in, sessions added at run time),
/// shared by every ``Redactor`` of one gateway so that what was never configured is scrubbed too.
///
/// Keeps the newest ``capacity`` values: older rotations are dead, and the list stays short
/// enough to search on every log line that quotes upstream text.
public final class SecretRegistry: Sendable, ConcealsSecrets {
    /// How many learned values are kept.
    package static let capacity = 256

    private let values = Mutex<[String]>([])

    /// An empty registry.
    package init() {}

    /// Adds secret values (those shorter than 6 characters are ignored, as by ``Redactor``).
    package func learn(_ secrets: [String]) {
        let kept = secrets.filter { $0.count >= 6 }
        guard !kept.isEmpty else { return }
        values.withLock { list in
            for secret in kept where !list.contains(secret) { list.append(secret) }
            if list.count > Self.capacity { list.removeFirst(list.count - Self.capacity) }
        }
    }

    /// The values learned, longest first.
    package var secrets: [String] {
        values.withLock { $0 }.sorted { $0.count > $1.count }
    }
}
