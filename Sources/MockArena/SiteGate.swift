import Foundation
import HTTPTypes
import Synchronization

/// The locked home of the ``SiteJudge``: reads a chat request's account (its auth cookie) and
/// id time, and writes the site's clock into every answer's `Date`.
public final class SiteGate: Sendable {
    private let judge: Mutex<SiteJudge>
    /// The rules, as given.
    public let pace: SiteJudge.Pace?
    /// How far the site's clock is ahead of the host's.
    public let clockOffset: Duration

    /// A gate judging by `pace` (none: no penalties) with the site's clock `clockOffset` ahead.
    public init(pace: SiteJudge.Pace? = nil, clockOffset: Duration = .zero) {
        self.pace = pace
        self.clockOffset = clockOffset
        judge = Mutex(SiteJudge(pace: pace, clockOffset: clockOffset))
    }

    /// Whether the gate judges anything (otherwise requests pass untouched).
    public var isActive: Bool { pace != nil || clockOffset != .zero }

    /// Penalties given so far.
    public var penalties: Int { judge.withLock { $0.penalties } }

    /// The site's verdict on a chat request with these headers and body, and the account it is of.
    func judge(headers: HTTPFields, body: String) -> (verdict: SiteJudge.Verdict, account: String) {
        let account = Self.account(headers[.cookie] ?? "")
        let idTime = Self.idTime(body)
        let verdict = judge.withLock { $0.judge(account: account, idTime: idTime, now: .now, wallNow: Date()) }
        return (verdict, account)
    }

    /// The answer to an allowed request of `account` ended.
    func ended(account: String) {
        judge.withLock { $0.ended(account: account) }
    }

    /// The site's time now, as an HTTP `Date`.
    public func dateHeader(now: Date = Date()) -> String {
        let site = judge.withLock { $0.siteTime(now) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: site)
    }

    /// The account a `Cookie` header is of: its auth cookie's value, or the whole header.
    static func account(_ cookie: String) -> String {
        for pair in cookie.split(separator: ";") {
            let trimmed = pair.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("arena-auth-prod-v1") { return trimmed }
        }
        return cookie
    }

    /// The time in the body's `userMessageId` (a UUIDv7: its first 48 bits are Unix milliseconds).
    static func idTime(_ body: String) -> Date? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
            let id = object["userMessageId"] as? String
        else { return nil }
        let hex = id.replacingOccurrences(of: "-", with: "").prefix(12)
        guard hex.count == 12, let milliseconds = UInt64(hex, radix: 16) else { return nil }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
