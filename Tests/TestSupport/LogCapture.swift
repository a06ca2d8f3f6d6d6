import Logging
import Synchronization

/// Collects log lines in memory, so tests can check what an operator would read.
public final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    /// Creates an empty capture.
    public init() {}

    /// A logger writing into this capture at `level` and above.
    public func logger(label: String = "capture", level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = level
        return logger
    }

    /// Every line so far, as `LEVEL message`.
    public var messages: [String] {
        lines.withLock { $0 }
    }

    /// The lines containing `text`.
    public func lines(containing text: String) -> [String] {
        messages.filter { $0.contains(text) }
    }

    fileprivate func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    /// A handler that writes into this capture, to wrap in another handler under test.
    public func handler() -> some LogHandler {
        Handler(capture: self)
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let details = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.append("\(event.level) \(event.message)" + (details.isEmpty ? "" : " " + details))
        }
    }
}
