import Foundation
import NIOHTTP1

/// The site's rate-limit header in the IETF draft's style, read on every answer:
/// `ratelimit: limit=1800, remaining=1795, reset=275` (with `ratelimit-policy: 1800;w=300`;
/// captured 2026-06-01). `reset` is in seconds.
package struct ArenaRateLimit: Sendable, Equatable {
    /// Requests allowed in the window, when given.
    var limit: Int?
    /// Requests left in the window.
    package var remaining: Int
    /// Seconds until the window resets.
    package var reset: Int

    /// Figures as given.
    init(limit: Int?, remaining: Int, reset: Int) {
        self.limit = limit
        self.remaining = remaining
        self.reset = reset
    }

    /// The header of `headers`, `nil` when absent or unreadable.
    package init?(_ headers: HTTPHeaders) {
        guard let value = headers.first(name: "ratelimit") else { return nil }
        self.init(parsing: value)
    }

    /// Reads `limit=N, remaining=N, reset=N` (in any order; unknown keys skipped).
    init?(parsing value: String) {
        var fields: [Substring: Int] = [:]
        for item in value.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, let number = Int(pair[1].trimmingCharacters(in: .whitespaces)), number >= 0 else { continue }
            fields[Substring(pair[0].trimmingCharacters(in: .whitespaces).lowercased())] = number
        }
        guard let remaining = fields["remaining"], let reset = fields["reset"] else { return nil }
        self.limit = fields["limit"]
        self.remaining = remaining
        self.reset = reset
    }
}
