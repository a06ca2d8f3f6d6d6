import Foundation

/// Compares a text against an expectation in which `{{mockarena}}` stands for MockArena's origin,
/// which is only known once it is listening.
public enum OriginPattern {
    /// Whether `actual` is `expected` with each `{{mockarena}}` replaced by some `http://host[:port]`.
    public static func matches(_ actual: String?, _ expected: String?) -> Bool {
        guard let expected, let actual else { return actual == expected }
        let pieces = expected.components(separatedBy: "{{mockarena}}")
        guard pieces.count > 1 else { return actual == expected }
        let pattern = "^" + pieces.map(NSRegularExpression.escapedPattern(for:)).joined(separator: "http://[^/\\s)]+") + "$"
        return actual.range(of: pattern, options: .regularExpression) != nil
    }
}
