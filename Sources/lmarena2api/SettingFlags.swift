import ArgumentParser
import Settings

/// The `--flag value` arguments of `serve` and `demo`, derived from the setting declarations:
/// every declared setting is a flag, and `--help` lists them from the same declarations.
enum SettingFlags {
    /// One row of the settings list.
    struct Row {
        let variable: String
        let flag: String
        let defaultDescription: String
        let help: String
    }

    /// The rows of `settings`.
    static func rows<Target>(_ settings: [Setting<Target>]) -> [Row] {
        settings.map { Row(variable: $0.variable, flag: $0.flag, defaultDescription: $0.defaultDescription, help: $0.help) }
    }

    /// The settings as `--help` shows them.
    static func help(_ rows: [Row]) -> String {
        var text = "Settings: each is a flag or an environment variable; the flag wins.\n"
        for row in rows {
            text += "\n  --\(row.flag) <value>  (env \(row.variable); default \(row.defaultDescription))\n        \(row.help)\n"
        }
        return text
    }

    /// Reads `--flag value` and `--flag=value` pairs; an undeclared flag or a missing value is an error.
    static func parse(_ arguments: [String], known rows: [Row]) throws -> [String: String] {
        let variables = Dictionary(rows.map { ($0.flag, $0.variable) }, uniquingKeysWith: { first, _ in first })
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--") else {
                throw ValidationError("unexpected argument '\(argument)': settings are given as --flag value (see --help)")
            }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let variable = variables[name] else {
                throw ValidationError("unknown option '--\(name)' (see --help for the settings)")
            }
            if value == nil {
                index += 1
                guard index < arguments.count else { throw ValidationError("missing value for '--\(name)'") }
                value = arguments[index]
            }
            // Keyed by the variable, not the flag: `--record` sets RECORD_DIR.
            values[variable] = value
            index += 1
        }
        return values
    }
}
