import Foundation
import Testing

@testable import ArenaWire

/// The site's clock, learned from the `Date` of its answers.
struct SiteClockTests {
    @Test func anHTTPDateIsRead() throws {
        let date = try #require(SiteClock.parse("Thu, 03 Dec 2026 14:32:22 GMT"))
        #expect(date.timeIntervalSince1970 == 1_796_308_342)
        for bad in ["", "Thu, 03 Dec 2026 14:32:22", "Thu, 3 Dez 2026 14:32:22 GMT", "Thu, 03 Dec 2026 14:32 GMT", "yesterday"] {
            #expect(SiteClock.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func aClockTwoHoursAheadMintsOnItsTime() {
        var clock = SiteClock()
        let host = Date(timeIntervalSince1970: 1_796_308_342)
        clock.observe(date: "Thu, 03 Dec 2026 16:32:22 GMT", received: host)
        #expect(clock.synced)
        let site = clock.siteTime(host)
        #expect(abs(site.timeIntervalSince(host) - 7200.5) < 0.001)
    }

    @Test func anOffsetUnderTwoSecondsIsNone() {
        var clock = SiteClock()
        clock.observe(date: "Thu, 03 Dec 2026 14:32:23 GMT", received: Date(timeIntervalSince1970: 1_796_308_342.2))
        #expect(clock.offset == .zero)
        clock.observe(date: "not a date", received: Date())
        #expect(clock.offset == .zero)
    }
}
