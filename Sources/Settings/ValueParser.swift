import Foundation

/// How setting values are read: numbers in a range, booleans, seconds, lists. Errors say what
/// was expected; ``Setting/apply(_:to:)`` adds which setting it was.
package enum ValueParser {
    /// A whole number within `range`.
    package static func integer(_ raw: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let number = Int(raw), range.contains(number) else {
            throw ConfigurationError(reason: "expected a whole number from \(range.lowerBound) to \(range.upperBound), got '\(raw)'")
        }
        return number
    }

    /// `true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`.
    package static func boolean(_ raw: String) throws(ConfigurationError) -> Bool {
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(reason: "expected true or false, got '\(raw)'")
        }
    }

    /// A number of seconds above 0 (or 0 itself, with `zero`) and at most a day, fractions
    /// allowed, as a `Duration`.
    package static func seconds(_ raw: String, zero: Bool = false) throws(ConfigurationError) -> Duration {
        guard let number = Double(raw), zero ? number >= 0 : number > 0, number <= 86_400 else {
            throw ConfigurationError(reason: "expected a number of seconds \(zero ? "from 0" : "above 0") and at most 86400, got '\(raw)'")
        }
        return .seconds(number)
    }

    /// Comma-separated items, trimmed, empty ones dropped.
    package static func list(_ raw: String) -> [String] {
        raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
