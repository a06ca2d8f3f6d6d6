import ArenaWire
import Foundation

/// Start-up: the sessions of `LA_COOKIE` meet what the store kept from the last run.
///
/// A pure function of both lists and the time, so every case is tested without a disk:
/// - a configured session whose stored version is at least as new (same identity: the same
///   Supabase user, or the same starting cookie) starts from the stored cookies and health, since
///   lmarena has rotated it and the configured value is spent;
/// - a configured session that is newer (the operator pasted a fresh cookie) replaces the stored
///   one and starts healthy;
/// - a second configured entry of the same identity is dropped: two copies of one session
///   would spend each other's single-use refresh token;
/// - stored sessions that came from `LA_COOKIE` and left it are deleted; those added at run time
///   follow the configured ones, in the order they were added.
package enum SessionRestore {
    /// What the gateway starts with.
    package struct Outcome: Sendable {
        /// The roster's entries, numbered.
        package var entries: [SessionRoster.Entry] = []
        /// Writes that bring the store in line, in order.
        package var writes: [SessionStateWrite] = []
        /// What the log says, one line each.
        package var notes: [String] = []
    }

    /// Reconciles `configured` (`LA_COOKIE`, numbered from 1) with `stored` at `now` / `wallNow`.
    package static func restore(
        configured: [ArenaSession], stored: [StoredSession], now: ContinuousClock.Instant, wallNow: Date
    ) -> Outcome {
        var outcome = Outcome()
        var byIdentity = Dictionary(stored.map { ($0.identity, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: [String: Int] = [:]
        var number = 1
        for session in configured {
            if let first = seen[session.identity] {
                outcome.notes.append(
                    "LA_COOKIE entry \(session.number) is the same lmarena session as entry \(first); it is used once (two copies would spend each other's refresh token)"
                )
                continue
            }
            seen[session.identity] = session.number
            let current = session.renumbered(number)
            number += 1
            guard let record = byIdentity.removeValue(forKey: session.identity) else {
                let entry = SessionRoster.Entry(session: current, health: .healthy, origin: .environment, addedAt: wallNow)
                outcome.entries.append(entry)
                outcome.writes.append(.save(Self.record(of: entry, wallNow: wallNow), expectedVersion: nil))
                continue
            }
            if storedIsCurrent(record, configured: session) {
                var entry = restoredEntry(record, number: current.number, now: now, wallNow: wallNow)
                if record.cookies != session.cookies {
                    outcome.notes.append(
                        "\(entry.session) starts from the cookie lmarena rotated it to (stored \(Self.stamp(record.updatedAt))), not from LA_COOKIE's"
                    )
                }
                if case .disabled(let reason) = entry.health {
                    outcome.notes.append(
                        "\(entry.session) stays disabled (\(reason)): replace its LA_COOKIE entry or POST a new cookie to /admin/sessions")
                }
                if record.origin != .environment {
                    entry.origin = .environment
                    entry.version = record.version + 1
                    outcome.writes.append(.save(Self.record(of: entry, wallNow: wallNow), expectedVersion: record.version))
                }
                outcome.entries.append(entry)
            } else {
                let entry = SessionRoster.Entry(
                    session: current, health: .healthy, origin: .environment, version: record.version + 1, addedAt: record.addedAt)
                outcome.entries.append(entry)
                outcome.writes.append(.save(Self.record(of: entry, wallNow: wallNow), expectedVersion: record.version))
                outcome.notes.append("\(entry.session) starts from LA_COOKIE's cookie, newer than the stored one")
            }
        }
        var removed = 0
        for record in stored where byIdentity[record.identity] != nil {
            switch record.origin {
            case .environment:
                outcome.writes.append(.delete(identity: record.identity))
                removed += 1
            case .admin:
                let entry = restoredEntry(record, number: number, now: now, wallNow: wallNow)
                number += 1
                outcome.entries.append(entry)
                outcome.notes.append("\(entry.session) restored: added at run time on \(Self.stamp(record.addedAt))")
            }
        }
        if removed > 0 {
            outcome.notes.append("\(removed) stored session(s) no longer in LA_COOKIE were deleted from the store")
        }
        return outcome
    }

    /// Whether the stored record is at least as new as the configured cookie of the same identity.
    private static func storedIsCurrent(_ record: StoredSession, configured: ArenaSession) -> Bool {
        if record.cookies == configured.cookies { return true }
        let stored = ArenaSession(number: 0, cookies: record.cookies, identity: record.identity)
        guard let storedExpiry = stored.claims?.expiresAt, let configuredExpiry = configured.claims?.expiresAt else {
            // Without expiries to compare, a stored record of the same starting cookie is its rotation.
            return configured.claims?.userID == nil
        }
        return storedExpiry >= configuredExpiry
    }

    /// A stored record as a roster entry numbered `number`, its rest moved onto `now`'s clock.
    private static func restoredEntry(_ record: StoredSession, number: Int, now: ContinuousClock.Instant, wallNow: Date) -> SessionRoster.Entry {
        var health = SessionRoster.Health.healthy
        if let reason = record.disabledReason {
            health = .disabled(reason: reason)
        } else if let until = record.restingUntil, until > wallNow {
            health = .coolingDown(until: now.advanced(by: .milliseconds(Int64(until.timeIntervalSince(wallNow) * 1000))))
        }
        let session = ArenaSession(number: number, cookies: record.cookies, identity: record.identity)
        return SessionRoster.Entry(session: session, health: health, origin: record.origin, version: record.version, addedAt: record.addedAt)
    }

    /// An entry as the store keeps it (a fresh entry has no rest to convert).
    static func record(of entry: SessionRoster.Entry, wallNow: Date) -> StoredSession {
        var reason: String?
        if case .disabled(let why) = entry.health { reason = why }
        return StoredSession(
            identity: entry.session.identity, origin: entry.origin, cookies: entry.session.cookies, version: entry.version,
            disabledReason: reason, addedAt: entry.addedAt, updatedAt: wallNow)
    }

    /// A time for the log, to the second, in UTC.
    package static func stamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
