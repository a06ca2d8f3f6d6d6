import Logging

/// A log handler that writes no control character: newlines, carriage returns, NULs and the
/// rest of C0 and DEL in a message or a metadata value are escaped (`\n`, `\u{0}`), so a value a
/// client sent (a model name, a path) cannot forge a log line; a value longer than
/// ``maxValueLength`` is cut with its length noted.
public struct EscapingLogHandler<Inner: LogHandler>: LogHandler {
    /// The most characters of one message or metadata value written.
    public static var maxValueLength: Int { 4096 }

    /// The handler that writes.
    public var inner: Inner

    /// Wraps `inner`.
    public init(_ inner: Inner) {
        self.inner = inner
    }

    /// The level, the inner handler's.
    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    /// The metadata, the inner handler's.
    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    /// One metadata value, the inner handler's.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    /// Escapes the event's message and metadata, then hands it on.
    public func log(event: LogEvent) {
        var event = event
        event.message = "\(Self.escape(event.message.description))"
        event.metadata = event.metadata.map { $0.mapValues(Self.escape) }
        inner.log(event: event)
    }

    /// `text` with control characters escaped and cut to ``maxValueLength``.
    public static func escape(_ text: String) -> String {
        let cut = text.count > maxValueLength ? String(text.prefix(maxValueLength)) + "... (\(text.count) characters)" : text
        guard cut.unicodeScalars.contains(where: isControl) else { return cut }
        var escaped = ""
        for scalar in cut.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where isControl(scalar): escaped += "\\u{\(String(scalar.value, radix: 16))}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func escape(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): return .string(escape(text))
        case .stringConvertible(let convertible): return .string(escape(convertible.description))
        case .array(let values): return .array(values.map(escape))
        case .dictionary(let values): return .dictionary(values.mapValues(escape))
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F
    }
}
