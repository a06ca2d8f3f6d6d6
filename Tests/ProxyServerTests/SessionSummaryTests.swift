import ArenaWire
import Foundation
import NIOCore
import Testing

@testable import Accounts
@testable import ProxyServer

/// A session as the admin view writes it: health judged at the given time, text escaped, never a cookie.
struct SessionSummaryTests {
    static let cookie = "base64-eyJzZWNyZXQiOiJ0aGUtY29va2llIn0"

    /// The summary of an entry in `health`, read back as an object.
    static func summary(_ health: SessionRoster.Health, now: ContinuousClock.Instant) throws -> [String: Any] {
        var entry = SessionRoster.Entry(session: try #require(ArenaSession(entry: cookie, number: 3)), health: health)
        entry.successes = 4
        entry.refreshesFailed = 1
        var buffer = ByteBuffer()
        SessionSummary(entry: entry).write(into: &buffer, now: now)
        #expect(!String(buffer: buffer).contains(cookie))
        return try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
    }

    @Test func aHealthySessionShowsItsNumberOriginAndCounts() throws {
        let shown = try Self.summary(.healthy, now: .now)
        #expect(shown["number"] as? Int == 3)
        #expect(shown["health"] as? String == "healthy")
        #expect(shown["origin"] as? String == "LA_COOKIE")
        #expect(shown["successes"] as? Int == 4)
        #expect(shown["refreshes"] as? [String: Int] == ["succeeded": 0, "failed": 1])
        #expect(shown["expires_at"] is NSNull)
        #expect(shown["resting_seconds"] == nil)
    }

    @Test func aRestingSessionShowsTheSecondsLeftUntilItsRestIsOver() throws {
        let now = ContinuousClock.now
        let resting = try Self.summary(.coolingDown(until: now + .seconds(90)), now: now)
        #expect(resting["health"] as? String == "cooling_down")
        #expect(resting["resting_seconds"] as? Int == 90)
        let rested = try Self.summary(.coolingDown(until: now - .seconds(1)), now: now)
        #expect(rested["health"] as? String == "healthy")
    }

    @Test func aDisabledSessionShowsItsReasonEscaped() throws {
        let shown = try Self.summary(.disabled(reason: "lmarena said \"no\"\nand closed"), now: .now)
        #expect(shown["health"] as? String == "disabled")
        #expect(shown["disabled_reason"] as? String == "lmarena said \"no\"\nand closed")
    }
}
