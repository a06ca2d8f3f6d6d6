import Settings

/// How `serve --record DIR` treats upstream, named as VCR names them.
public enum RecordMode: String, Sendable, CaseIterable {
    /// Always go upstream, record every exchange.
    case all
    /// Answer from DIR's fixtures when one matches; go upstream and record only when none does.
    case once
    /// Replay only, never upstream: a miss is an error naming the closest fixture.
    case none
}

/// What `serve` records: the values of ``RecordingSettings``.
public struct RecordingConfiguration: Sendable, Equatable {
    /// Where to record fixtures, `nil` for no recording.
    public var directory: String?
    /// How to record; `nil` when not set: ``mode(ci:)`` decides.
    public var requestedMode: RecordMode?

    /// No recording.
    public init(directory: String? = nil, requestedMode: RecordMode? = nil) {
        self.directory = directory
        self.requestedMode = requestedMode
    }

    /// The mode in force: the one set, else `once`, or `none` on CI (where nothing may go upstream).
    public func mode(ci: Bool) -> RecordMode {
        requestedMode ?? (ci ? .none : .once)
    }
}

/// The recorder's settings, declared once like the gateway's (``GatewaySettings``).
public enum RecordingSettings {
    /// The declarations.
    public static let all: [Setting<RecordingConfiguration>] = [
        Setting(
            "RECORD_DIR", flag: "record", described: "none: no recording",
            help: "Record every upstream exchange as a redacted fixture in this directory."
        ) { value, c in c.directory = value },
        Setting(
            "RECORD_MODE", described: "once (none when `CI` is set)",
            help: "With RECORD_DIR: all (always upstream, record all), once (replay a match, record the rest), none (replay only)."
        ) {
            value, c throws(ConfigurationError) in
            guard let mode = RecordMode(rawValue: value.lowercased()) else {
                throw ConfigurationError(reason: "expected all, once or none, got '\(value)'")
            }
            c.requestedMode = mode
        },
    ]
}
