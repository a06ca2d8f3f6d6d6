import Foundation
import Synchronization

/// One `Set-Cookie` header of an upstream answer, as far as rotation needs it: the name, the new
/// value, and whether it deletes the cookie instead (an empty value, `Max-Age` of zero or less,
/// or an `Expires` in the past, the way Supabase's server helpers drop stale chunks).
public struct SetCookie: Sendable, Equatable {
    /// Cookie name.
    public var name: String
    /// New value (empty for a deletion).
    public var value: String
    /// Whether the header deletes the cookie.
    public var deletes: Bool

    /// Creates a cookie instruction.
    public init(name: String, value: String, deletes: Bool = false) {
        self.name = name
        self.value = value
        self.deletes = deletes || value.isEmpty
    }

    /// Parses one header value; `nil` when it has no `name=value` pair. `now` decides whether an
    /// `Expires` date has passed.
    public init?(header: String, now: Date) {
        let parts = header.split(separator: ";", omittingEmptySubsequences: false)
        guard let first = parts.first, let equals = first.firstIndex(of: "=") else { return nil }
        let name = first[..<equals].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        var value = first[first.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        // A cookie with a control character is not one (RFC 6265), and would split a header.
        guard !ArenaSession.holdsControlCharacter(name), !ArenaSession.holdsControlCharacter(value) else { return nil }
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        var deletes = false
        for attribute in parts.dropFirst() {
            let pair = attribute.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            switch pair[0].lowercased() {
            case "max-age":
                if let seconds = Int(pair[1]), seconds <= 0 { deletes = true }
            case "expires":
                if let date = Self.httpDate(pair[1]), date <= now { deletes = true }
            default:
                break
            }
        }
        self.init(name: name, value: value, deletes: deletes)
    }

    /// Every `Set-Cookie` among `values` that parses.
    public static func parse(_ values: [String], now: Date) -> [SetCookie] {
        values.compactMap { SetCookie(header: $0, now: now) }
    }

    /// An HTTP date (`Thu, 01 Jan 1970 00:00:00 GMT`, or with dashes as some servers write it).
    static func httpDate(_ text: String) -> Date? {
        // An HTTP date is short printable ASCII; Foundation's formatter stops the process on some
        // other text (found by fuzzing: a combining mark inside the time), so it never sees any.
        guard text.utf8.count <= 64, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        return dateFormatters.withLock { formatters in
            for formatter in formatters {
                if let date = formatter.date(from: text) { return date }
            }
            return nil
        }
    }

    /// The formatters of the three date forms, made once (making one costs more than parsing).
    private static let dateFormatters = Mutex(
        ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEE, dd-MMM-yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz"].map { format in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            return formatter
        })
}
