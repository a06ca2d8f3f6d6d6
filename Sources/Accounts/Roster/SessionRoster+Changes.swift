import ArenaWire
import Foundation
import Settings

extension SessionRoster {
    /// How a background refresh is scheduled after one that brought no new cookie.
    static let refreshBackoff: TimeInterval = 60

    /// The current value of session `number`, with its newest cookies.
    func session(_ number: Int) -> ArenaSession? {
        entries.first { $0.session.number == number }?.session
    }

    /// The entry of the session whose identity is `identity`.
    func entry(identity: String) -> Entry? {
        entries.first { $0.session.identity == identity }
    }

    /// Adds a session at run time under the next number; returns it as numbered.
    mutating func add(_ session: ArenaSession, origin: StoredSession.Origin, addedAt: Date) -> ArenaSession {
        let numbered = session.renumbered(nextNumber)
        nextNumber += 1
        entries.append(Entry(session: numbered, health: .healthy, origin: origin, addedAt: addedAt))
        return numbered
    }

    /// Gives the session of the same identity as `session` its cookies, healthy again (an
    /// operator posted a fresh cookie for it); returns it as numbered, `nil` when there is none.
    mutating func replaceCookies(with session: ArenaSession) -> ArenaSession? {
        guard let index = entries.firstIndex(where: { $0.session.identity == session.identity }) else { return nil }
        let replaced = ArenaSession(number: entries[index].session.number, cookies: session.cookies, identity: session.identity)
        entries[index].session = replaced
        entries[index].health = .healthy
        entries[index].consecutiveFailures = 0
        entries[index].refreshNotBefore = nil
        entries[index].version += 1
        return replaced
    }

    /// Removes session `number`; returns its entry.
    mutating func remove(_ number: Int) -> Entry? {
        guard let index = entries.firstIndex(where: { $0.session.number == number }) else { return nil }
        return entries.remove(at: index)
    }

    /// Applies an answer's `Set-Cookie` instructions to session `number`.
    mutating func rotate(_ number: Int, by instructions: [SetCookie]) -> ArenaSession.Rotation {
        guard let index = entries.firstIndex(where: { $0.session.number == number }) else { return .unchanged }
        let rotation = entries[index].session.rotated(by: instructions)
        if case .rotated(let session, let auth) = rotation {
            entries[index].session = session
            entries[index].version += 1
            if auth { entries[index].rotations += 1 }
        }
        return rotation
    }

    /// Sessions to refresh in the background at `now`: not disabled, with a known expiry within
    /// `margin` seconds, and not held back by a refresh that failed a moment ago.
    func dueForRefresh(now: Date, margin: TimeInterval) -> [ArenaSession] {
        entries.filter { entry in
            if case .disabled = entry.health { return false }
            if let notBefore = entry.refreshNotBefore, now < notBefore { return false }
            guard let left = entry.session.claims?.secondsLeft(now: now) else { return false }
            return left <= margin
        }.map(\.session)
    }

    /// Records how a refresh of session `number` ended at `now`.
    mutating func refreshEnded(_ number: Int, succeeded: Bool, now: Date) {
        guard let index = entries.firstIndex(where: { $0.session.number == number }) else { return }
        if succeeded {
            entries[index].refreshesSucceeded += 1
            entries[index].refreshNotBefore = nil
        } else {
            entries[index].refreshesFailed += 1
            entries[index].refreshNotBefore = now.addingTimeInterval(Self.refreshBackoff)
        }
    }

    /// Session `number` as the store keeps it; a rest is turned into wall-clock time with
    /// `now` and `wallNow`, the same moment on both clocks.
    func record(_ number: Int, now: ContinuousClock.Instant, wallNow: Date) -> StoredSession? {
        guard let entry = entries.first(where: { $0.session.number == number }) else { return nil }
        var resting: Date?
        var reason: String?
        switch entry.health {
        case .healthy: break
        case .coolingDown(let until):
            let seconds = now.duration(to: until)
            let interval = seconds.inSeconds
            if interval > 0 { resting = wallNow.addingTimeInterval(interval) }
        case .disabled(let why): reason = why
        }
        return StoredSession(
            identity: entry.session.identity, origin: entry.origin, cookies: entry.session.cookies, version: entry.version,
            restingUntil: resting, disabledReason: reason, addedAt: entry.addedAt, updatedAt: wallNow)
    }
}
