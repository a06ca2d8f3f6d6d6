import Foundation

/// Tells JSON `true`/`false` apart from the numbers `1`/`0` after `JSONSerialization`,
/// which hands both back as `NSNumber`.
enum JSONBoolean {
    /// The boolean value of a parsed JSON value, or `nil` when it is not a JSON boolean.
    static func value(of parsed: Any) -> Bool? {
        if let flag = parsed as? Bool, let number = parsed as? NSNumber {
            // A JSON boolean is backed by a `c`/`B` typed number; integers are not.
            let type = String(cString: number.objCType)
            return type == "c" || type == "B" ? flag : nil
        }
        return nil
    }
}
