import ArenaWire
import Foundation
import Logging

extension SessionPool {
    /// What adding a session did.
    package enum Addition: Sendable, Equatable {
        /// A new session under this number.
        case added(ArenaSession)
        /// The cookie belongs to a session already in the pool: it now sends this cookie, healthy again.
        case replaced(ArenaSession)
    }

    /// Adds a session at run time (or gives a known one a fresh cookie) and returns once the
    /// store has it, so it survives a restart from the moment the caller is answered.
    package func add(_ session: ArenaSession, now: ContinuousClock.Instant = .now, wallNow: Date = Date()) async -> Addition {
        let addition: Addition = mutate { roster in
            if let replaced = roster.replaceCookies(with: session) {
                return (
                    .replaced(replaced), roster.record(replaced.number, now: now, wallNow: wallNow).map { [.save($0, expectedVersion: nil)] } ?? []
                )
            }
            let added = roster.add(session, origin: .admin, addedAt: wallNow)
            return (.added(added), roster.record(added.number, now: now, wallNow: wallNow).map { [.save($0, expectedVersion: nil)] } ?? [])
        }
        secrets.learn(session.secretValues)
        switch addition {
        case .added(let added): logger.notice("\(added) added at run time")
        case .replaced(let replaced): logger.notice("\(replaced) was given a new cookie at run time and is usable")
        }
        await writer?.flush()
        return addition
    }

    /// Removes session `number` from the pool and the store; `nil` when there is none.
    package func remove(_ number: Int) async -> ArenaSession? {
        let removed: ArenaSession? = mutate { roster in
            guard let entry = roster.remove(number) else { return (nil, []) }
            return (entry.session, [.delete(identity: entry.session.identity)])
        }
        if let removed { logger.notice("\(removed) removed at run time") }
        await writer?.flush()
        return removed
    }

    /// Sessions whose token expires within `margin` seconds of `wallNow`.
    func dueForRefresh(margin: TimeInterval, wallNow: Date = Date()) -> [ArenaSession] {
        mutate { roster in (roster.dueForRefresh(now: wallNow, margin: margin), []) }
    }

    /// Records how a refresh of `session` ended.
    func refreshEnded(_ session: ArenaSession, succeeded: Bool, wallNow: Date = Date()) {
        mutate { roster in
            roster.refreshEnded(session.number, succeeded: succeeded, now: wallNow)
            return ((), [])
        }
    }
}
