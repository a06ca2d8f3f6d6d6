import ArenaWire
import Foundation
import Settings

extension ValueParser {
    /// A Next.js server-action id: 40 to 42 hex digits.
    package static func actionID(_ raw: String) throws(ConfigurationError) -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespaces).lowercased()
        guard ServerActionScanner.isActionID(trimmed) else {
            throw ConfigurationError(reason: "expected a server-action id of 40 to 42 hex digits, got \(trimmed.count) characters")
        }
        return trimmed
    }
}
