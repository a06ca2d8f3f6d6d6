import Configuration
import Foundation

/// Reads declared settings through swift-configuration's provider hierarchy: flags first, then
/// environment variables, then the declared default. A value that is empty after trimming
/// counts as unset, as in the Go project.
public struct SettingReader: Sendable {
    private let reader: ConfigReader

    /// A reader over `flags` (the values given as flags, keyed by variable), then `environment`,
    /// then `defaults` (keyed by variable: a command's own defaults, e.g. the demo's sessions),
    /// then the declared defaults.
    public init(flags: [String: String] = [:], environment: [String: String], defaults: [String: String] = [:]) {
        func values(_ pairs: [String: String]) -> [AbsoluteConfigKey: ConfigValue] {
            var values: [AbsoluteConfigKey: ConfigValue] = [:]
            for (variable, value) in pairs {
                values[AbsoluteConfigKey(SettingName.words(of: variable))] = ConfigValue(.string(value), isSecret: true)
            }
            return values
        }
        reader = ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: values(flags)),
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .all),
            InMemoryProvider(name: "command defaults", values: values(defaults)),
        ])
    }

    /// `target` with every setting of `settings` read into it; the first bad value throws.
    public func read<Target>(_ settings: [Setting<Target>], into target: Target) throws(ConfigurationError) -> Target {
        var target = target
        for setting in settings {
            let key = ConfigKey(SettingName.words(of: setting.variable))
            let given = reader.string(forKey: key, isSecret: setting.isSecret)?.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let value = given.flatMap({ $0.isEmpty ? nil : $0 }) ?? setting.defaultValue else { continue }
            try setting.apply(value, to: &target)
        }
        return target
    }
}
