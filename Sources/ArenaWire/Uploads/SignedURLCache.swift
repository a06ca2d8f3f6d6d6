import Foundation

/// The signed URLs of images already on lmarena's storage, by the SHA-256 of their bytes: the same
/// image sent again (a conversation grows one turn at a time) is not uploaded again while its
/// URL is good. A URL is good until its `X-Amz-Date` plus `X-Amz-Expires`, less a margin for the
/// model to read it; a URL without them is not kept. Time is a parameter.
package struct SignedURLCache: Sendable {
    /// An empty cache.
    package init() {}

    /// How many URLs are kept at most.
    static let capacity = 512
    /// How long before its expiry a URL is no longer handed out.
    static let margin: TimeInterval = 120

    private var entries: [String: (url: String, expires: Date)] = [:]

    /// The number of URLs kept.
    package var count: Int { entries.count }

    /// The URL for the bytes with `digest`, when one is kept and still good at `now`.
    package func url(for digest: String, now: Date) -> String? {
        guard let entry = entries[digest], entry.expires.timeIntervalSince(now) > Self.margin else { return nil }
        return entry.url
    }

    /// Keeps `url` for `digest` when its expiry can be read; drops expired URLs, and the soonest
    /// to expire when full.
    package mutating func store(_ url: String, for digest: String, now: Date) {
        guard let expires = Self.expiry(of: url), expires.timeIntervalSince(now) > Self.margin else { return }
        entries = entries.filter { $0.value.expires.timeIntervalSince(now) > Self.margin }
        if entries.count >= Self.capacity, let soonest = entries.min(by: { $0.value.expires < $1.value.expires }) {
            entries[soonest.key] = nil
        }
        entries[digest] = (url, expires)
    }

    /// `X-Amz-Date` (`yyyyMMdd'T'HHmmss'Z'`) plus `X-Amz-Expires` seconds, from the URL's query.
    static func expiry(of url: String) -> Date? {
        guard let components = URLComponents(string: url), let items = components.queryItems else { return nil }
        func value(_ name: String) -> String? {
            items.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        guard let stamp = value("X-Amz-Date"), let seconds = value("X-Amz-Expires").flatMap(TimeInterval.init), seconds > 0,
            let signed = amzDate(stamp)
        else { return nil }
        return signed.addingTimeInterval(seconds)
    }

    /// A `yyyyMMdd'T'HHmmss'Z'` time stamp.
    static func amzDate(_ stamp: String) -> Date? {
        let digits = stamp.filter(\.isNumber)
        guard stamp.count == 16, digits.count == 14 else { return nil }
        let parts = [0..<4, 4..<6, 6..<8, 8..<10, 10..<12, 12..<14].map { range -> Int in
            let start = digits.index(digits.startIndex, offsetBy: range.lowerBound)
            let end = digits.index(digits.startIndex, offsetBy: range.upperBound)
            return Int(digits[start..<end]) ?? 0
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5]))
    }
}
