import Foundation

/// One setting, declared once: its environment variable, its `--flag`, its default, its help
/// and how its value is read into a configuration. The flags, `serve --help`, start-up
/// validation and the check of docs/CONFIGURATION.md are all derived from these declarations.
public struct Setting<Target>: Sendable {
    /// The environment variable, e.g. `API_SECRET` (the names come from the Go project).
    public let variable: String
    /// The command-line flag without dashes, e.g. `api-secret`.
    public let flag: String
    /// The value used when neither flag nor variable is set, read like a given value; `nil`: unset.
    public let defaultValue: String?
    /// The default as a person reads it, for help and docs/CONFIGURATION.md.
    public let defaultDescription: String
    /// What the setting does.
    public let help: String
    /// Whether the value is a credential: never logged, never echoed in an error.
    public let isSecret: Bool
    private let read: @Sendable (String, inout Target) throws(ConfigurationError) -> Void

    /// Declares a setting. The flag defaults to the variable in lower case with `-` for `_`, and
    /// the default's description to the default itself.
    public init(
        _ variable: String, flag: String? = nil, default defaultValue: String? = nil, described: String? = nil,
        secret: Bool = false, help: String,
        read: @escaping @Sendable (_ value: String, _ into: inout Target) throws(ConfigurationError) -> Void
    ) {
        self.variable = variable
        self.flag = flag ?? SettingName.flag(for: variable)
        self.defaultValue = defaultValue
        self.defaultDescription = described ?? defaultValue ?? "(none)"
        self.isSecret = secret
        self.help = help
        self.read = read
    }

    /// Reads `value` into `target`; a value that cannot be used throws, naming this setting.
    public func apply(_ value: String, to target: inout Target) throws(ConfigurationError) {
        do {
            try read(value, &target)
        } catch {
            throw ConfigurationError(variable: variable, flag: flag, reason: error.reason)
        }
    }

    /// The error for a bad value of this setting.
    public func invalid(_ reason: String) -> ConfigurationError {
        ConfigurationError(variable: variable, flag: flag, reason: reason)
    }
}

/// A setting with a value that cannot be used; `serve` prints it as one line and stops.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The environment variable of the setting at fault.
    public let variable: String
    /// Its flag, without dashes.
    public let flag: String
    /// What is wrong with its value (never the value of a secret setting).
    public let reason: String

    /// Creates an error; a parser that does not know its setting leaves the names empty, and
    /// ``Setting/apply(_:to:)`` fills them in.
    public init(variable: String = "", flag: String = "", reason: String) {
        self.variable = variable
        self.flag = flag
        self.reason = reason
    }

    /// `VARIABLE (--flag): reason`.
    public var description: String { "\(variable) (--\(flag)): \(reason)" }
}
