import Foundation

/// How MockArena plays the site's judgement of accounts and ids (`mock --pace`, `mock
/// --clock-offset`), as a state machine: it is told each chat request's account and time and
/// answers whether the site lets it through. Time is a parameter; nothing sleeps.
///
/// The penalty: an account that starts two requests closer than `interval`, has more than one in
/// flight, or more than the window allows, gets `403 recaptcha validation failed` and keeps getting
/// it for `rest`. The clock: ids whose time is more than `tolerance` from the site's clock get the
/// spoofed-id 400.
public struct SiteJudge: Sendable {
    /// The site's pacing rules: `interval=S,window=N/S,rest=S`.
    public struct Pace: Sendable, Equatable {
        /// Least time between two starts of one account.
        public var interval: Duration
        /// At most this many starts in any span.
        public var window: (count: Int, span: Duration)?
        /// How long a penalty lasts.
        public var rest: Duration

        /// Whether two sets of rules are the same.
        public static func == (lhs: Pace, rhs: Pace) -> Bool {
            lhs.interval == rhs.interval && lhs.rest == rhs.rest && lhs.window?.count == rhs.window?.count && lhs.window?.span == rhs.window?.span
        }

        /// Reads `interval=0.5,window=4/10,rest=3` (any subset); `nil` for anything else.
        public static func parse(_ text: String) -> Pace? {
            var pace = Pace(interval: .zero, window: nil, rest: .seconds(60))
            for part in text.split(separator: ",") {
                let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { return nil }
                switch pair[0] {
                case "interval":
                    guard let seconds = Double(pair[1]), seconds >= 0 else { return nil }
                    pace.interval = .milliseconds(Int64(seconds * 1000))
                case "rest":
                    guard let seconds = Double(pair[1]), seconds >= 0 else { return nil }
                    pace.rest = .milliseconds(Int64(seconds * 1000))
                case "window":
                    let window = pair[1].split(separator: "/")
                    guard window.count == 2, let count = Int(window[0]), count > 0, let seconds = Double(window[1]), seconds > 0 else { return nil }
                    pace.window = (count, .milliseconds(Int64(seconds * 1000)))
                default:
                    return nil
                }
            }
            return pace
        }
    }

    /// The verdict on one chat request.
    public enum Verdict: Sendable, Equatable {
        /// Let it through.
        case allowed
        /// `403 recaptcha validation failed`: the account is (now) penalized.
        case penalized
        /// `400 Evaluation session ID seems spoofed, offset too big`.
        case spoofedID
    }

    /// The pacing rules; `nil` judges no pace.
    public let pace: Pace?
    /// How far the site's clock is ahead of the host's.
    public let clockOffset: Duration
    /// How far an id's time may be from the site's clock.
    public let tolerance: Duration = .seconds(60)

    private var accounts: [String: Account] = [:]
    /// Penalties given, for tests and the admin route.
    public private(set) var penalties = 0

    private struct Account {
        var inFlight = 0
        var starts: [ContinuousClock.Instant] = []
        var penalizedUntil: ContinuousClock.Instant?
    }

    /// A judge with these rules.
    public init(pace: Pace?, clockOffset: Duration) {
        self.pace = pace
        self.clockOffset = clockOffset
    }

    /// The site's wall-clock time when the host's is `wallNow`.
    public func siteTime(_ wallNow: Date) -> Date {
        wallNow.addingTimeInterval(Double(clockOffset.components.seconds) + Double(clockOffset.components.attoseconds) / 1e18)
    }

    /// Judges a chat request of `account` whose id carries `idTime`, at `now` (`wallNow` on the host's clock).
    public mutating func judge(account: String, idTime: Date?, now: ContinuousClock.Instant, wallNow: Date) -> Verdict {
        if clockOffset != .zero, let idTime, abs(idTime.timeIntervalSince(siteTime(wallNow))) > Double(tolerance.components.seconds) {
            return .spoofedID
        }
        guard let pace else { return .allowed }
        var record = accounts[account] ?? Account()
        defer { accounts[account] = record }
        if let until = record.penalizedUntil, until > now { return .penalized }
        let tooSoon = record.starts.last.map { now - $0 < pace.interval } ?? false
        let tooMany = pace.window.map { window in record.starts.filter { now - $0 < window.span }.count >= window.count } ?? false
        if tooSoon || tooMany || record.inFlight > 0 {
            record.penalizedUntil = now + pace.rest
            penalties += 1
            return .penalized
        }
        record.starts.append(now)
        let kept = max(pace.window?.span ?? .zero, pace.interval)
        record.starts.removeAll { now - $0 > kept }
        record.inFlight += 1
        return .allowed
    }

    /// The answer to an allowed request of `account` ended.
    public mutating func ended(account: String) {
        guard var record = accounts[account] else { return }
        record.inFlight = max(0, record.inFlight - 1)
        accounts[account] = record
    }
}
