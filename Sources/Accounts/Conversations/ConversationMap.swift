import Foundation

/// Which evaluation, on which account, continues each conversation the gateway answered: a
/// state machine over conversation keys (digests, never message text), told the time. An entry
/// lives `ttl` after it was last used; an account that leaves takes its conversations with it.
package struct ConversationMap: Sendable {
    /// Where a conversation goes on.
    package struct Entry: Sendable, Equatable {
        /// The site's evaluation id.
        package var evaluationID: String
        /// The owning account's stable identity (its Supabase user), not its number.
        package var account: String
        /// The model the evaluation is with.
        package var model: String
        /// When it was last answered or continued.
        package var lastUsed: Date

        /// An entry.
        package init(evaluationID: String, account: String, model: String, lastUsed: Date) {
            self.evaluationID = evaluationID
            self.account = account
            self.model = model
            self.lastUsed = lastUsed
        }
    }

    /// How long an entry lives after its last use (`CONVERSATION_TTL`).
    package let ttl: TimeInterval
    private var entries: [String: Entry] = [:]

    /// An empty map whose entries live `ttl` seconds.
    package init(ttl: TimeInterval) {
        self.ttl = ttl
    }

    /// Conversations remembered.
    package var count: Int { entries.count }

    /// Remembers that the conversation `key` (a digest) continues as `entry`.
    package mutating func record(_ key: String, _ entry: Entry) {
        entries[key] = entry
    }

    /// Where conversation `key` goes on at `now`, or `nil` when it is unknown or expired (then forgotten).
    package mutating func lookup(_ key: String, now: Date) -> Entry? {
        guard let entry = entries[key] else { return nil }
        guard now.timeIntervalSince(entry.lastUsed) < ttl else {
            entries[key] = nil
            return nil
        }
        return entry
    }

    /// Forgets every conversation `account` owns (it was removed); returns how many.
    @discardableResult
    package mutating func forget(account: String) -> Int {
        let before = entries.count
        entries = entries.filter { $0.value.account != account }
        return before - entries.count
    }

    /// Forgets the entries expired at `now`; returns how many.
    @discardableResult
    package mutating func expire(now: Date) -> Int {
        let before = entries.count
        entries = entries.filter { now.timeIntervalSince($0.value.lastUsed) < ttl }
        return before - entries.count
    }
}
