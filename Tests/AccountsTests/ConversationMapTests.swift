import Foundation
import Testing

@testable import Accounts

/// The conversation map: what is remembered, for how long, and what leaves with an account.
struct ConversationMapTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_308_342)

    static func entry(_ evaluation: String, account: String = "user-a", at seconds: TimeInterval = 0) -> ConversationMap.Entry {
        ConversationMap.Entry(evaluationID: evaluation, account: account, model: "m", lastUsed: t0.addingTimeInterval(seconds))
    }

    @Test func aRecordedConversationIsFoundUntilItsTimeToLive() {
        var map = ConversationMap(ttl: 86_400)
        map.record("k1", Self.entry("e1"))
        #expect(map.lookup("k1", now: Self.t0.addingTimeInterval(86_399)) == Self.entry("e1"))
        #expect(map.lookup("k2", now: Self.t0) == nil)
        #expect(map.lookup("k1", now: Self.t0.addingTimeInterval(86_400)) == nil)
        #expect(map.count == 0, "an expired entry is forgotten when it is looked up")
    }

    @Test func aContinuedConversationLivesFromItsLastUse() {
        var map = ConversationMap(ttl: 100)
        map.record("k1", Self.entry("e1"))
        map.record("k2", Self.entry("e1", at: 90))
        #expect(map.expire(now: Self.t0.addingTimeInterval(150)) == 1)
        #expect(map.lookup("k2", now: Self.t0.addingTimeInterval(150))?.evaluationID == "e1")
    }

    @Test func anAccountThatLeavesTakesItsConversations() {
        var map = ConversationMap(ttl: 100)
        map.record("k1", Self.entry("e1", account: "user-a"))
        map.record("k2", Self.entry("e2", account: "user-b"))
        map.record("k3", Self.entry("e3", account: "user-a"))
        #expect(map.forget(account: "user-a") == 2)
        #expect(map.lookup("k2", now: Self.t0) != nil)
        #expect(map.count == 1)
    }
}
