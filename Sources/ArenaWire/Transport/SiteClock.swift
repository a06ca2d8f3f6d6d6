import Foundation

/// The site's clock as the host sees it: the offset learned from the `Date` header of the site's
/// answers, so that ids are minted on the site's time (it refuses ids far from its clock with
/// `400 Evaluation session ID seems spoofed`). A state value: the caller keeps it under its lock.
package struct SiteClock: Sendable, Equatable {
    /// How far the site's clock is ahead of the host's (negative: behind).
    package private(set) var offset: Duration = .zero
    /// Whether a `Date` has been read at all.
    package private(set) var synced = false

    /// A clock that knows no offset yet.
    package init() {}

    /// Learns the offset from an answer's `Date` received at `received` (the host's time). A
    /// `Date` has whole seconds: an offset under two seconds is taken as none.
    package mutating func observe(date header: String, received: Date) {
        guard let site = Self.parse(header) else { return }
        // The header was truncated to the second: its middle is half a second later.
        let seconds = site.timeIntervalSince(received) + 0.5
        offset = abs(seconds) < 2 ? .zero : .milliseconds(Int64((seconds * 1000).rounded()))
        synced = true
    }

    /// The site's time when the host's is `host`.
    package func siteTime(_ host: Date) -> Date {
        host.addingTimeInterval(Double(offset.components.seconds) + Double(offset.components.attoseconds) / 1e18)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Reads an HTTP date in its one current form, `Thu, 03 Dec 2026 14:32:22 GMT`.
    package static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let month = months.firstIndex(of: String(parts[2])),
            let year = Int(parts[3])
        else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT")!
        let components = DateComponents(year: year, month: month + 1, day: day, hour: time[0], minute: time[1], second: time[2])
        return calendar.date(from: components)
    }
}
