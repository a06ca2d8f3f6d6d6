import Foundation

/// How the gateway spends each lmarena account: the pacing settings, read once.
///
/// lmarena's reCAPTCHA penalties fall on the account, so every request that carries a token is
/// paced per account: at most `concurrency` at once, starts at least `interval` apart (the
/// interval grows after a penalty, up to `maxInterval`, and returns toward `minInterval` after
/// successes), at most `window.count` starts in any `window.span`, and `penaltyRest` of rest
/// after a penalty. docs/PACING.md says what the defaults mean in requests per hour.
package struct PaceRules: Sendable, Equatable {
    /// Requests in flight per account (`SESSION_CONCURRENCY`); 0 is no limit.
    package var concurrency: Int
    /// The least time between the starts of two requests of one account (`SESSION_MIN_INTERVAL`); zero is no pacing.
    package var minInterval: Duration
    /// The most the interval grows to after penalties (`SESSION_MAX_INTERVAL`).
    package var maxInterval: Duration
    /// At most this many starts per account in any span (`SESSION_WINDOW`); `nil` is off.
    package var window: PaceWindow?
    /// How long an account rests after a penalty (`SESSION_PENALTY_REST`).
    package var penaltyRest: Duration
    /// The longest a request waits for an account's turn (`QUEUE_TIMEOUT`).
    package var queueTimeout: Duration

    /// Rules from the settings.
    package init(
        concurrency: Int, minInterval: Duration, maxInterval: Duration, window: PaceWindow?, penaltyRest: Duration, queueTimeout: Duration
    ) {
        self.concurrency = max(0, concurrency)
        self.minInterval = max(.zero, minInterval)
        self.maxInterval = max(self.minInterval, maxInterval)
        self.window = window
        self.penaltyRest = max(.zero, penaltyRest)
        self.queueTimeout = max(.zero, queueTimeout)
    }

    /// No limit, no interval, no window: requests start as soon as an account is healthy.
    /// A penalty still rests the account.
    package static func unpaced(penaltyRest: Duration = .seconds(1200), queueTimeout: Duration = .seconds(120)) -> PaceRules {
        PaceRules(concurrency: 0, minInterval: .zero, maxInterval: .zero, window: nil, penaltyRest: penaltyRest, queueTimeout: queueTimeout)
    }

    /// Whether anything limits when an account may start (concurrency, interval or window).
    package var paces: Bool { concurrency > 0 || minInterval > .zero || window != nil }

    /// The interval after a penalty: doubled (from the minimum when it was zero), at most the maximum.
    func grown(_ interval: Duration) -> Duration {
        min(maxInterval, max(interval, minInterval) * 2)
    }

    /// The interval after a success: a quarter of the way back to the minimum, in whole
    /// milliseconds; within a second of the minimum, the minimum.
    func eased(_ interval: Duration) -> Duration {
        let excess = (interval - minInterval) * 3 / 4
        guard excess >= .seconds(1) else { return minInterval }
        let milliseconds = excess.components.seconds * 1000 + excess.components.attoseconds / 1_000_000_000_000_000
        return minInterval + .milliseconds(milliseconds)
    }
}

/// At most `count` starts in any `span`: `SESSION_WINDOW`, written `N/S`.
package struct PaceWindow: Sendable, Equatable, CustomStringConvertible {
    /// Starts allowed in the span.
    package var count: Int
    /// The span.
    package var span: Duration

    /// A window of `count` starts per `span`.
    package init(count: Int, span: Duration) {
        self.count = count
        self.span = span
    }

    /// Reads `N/S` (N a positive whole number, S positive seconds, fractions allowed); `0` is off.
    /// Returns `nil` for anything else, and `.some(nil)` for off.
    package static func parse(_ text: String) -> PaceWindow?? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "0" || trimmed == "off" { return .some(nil) }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[0].trimmingCharacters(in: .whitespaces)), count > 0,
            let seconds = Double(parts[1].trimmingCharacters(in: .whitespaces)), seconds.isFinite, seconds > 0
        else { return nil }
        return .some(PaceWindow(count: count, span: .milliseconds(Int64((seconds * 1000).rounded()))))
    }

    /// `N/S`, as the setting is written.
    package var description: String {
        let millis = span.components.seconds * 1000 + span.components.attoseconds / 1_000_000_000_000_000
        return millis % 1000 == 0 ? "\(count)/\(millis / 1000)" : "\(count)/\(Double(millis) / 1000)"
    }
}
