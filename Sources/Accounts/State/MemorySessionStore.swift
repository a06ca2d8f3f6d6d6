import Foundation
import Synchronization

/// A ``SessionStore`` in memory: `DATA_DIR` set empty (nothing survives a restart), and tests.
package final class MemorySessionStore: SessionStore {
    private struct State {
        var sessions: [String: StoredSession] = [:]
        var catalogue: StoredCatalogue?
        var writes = 0
    }

    private let state = Mutex(State())

    /// An empty store.
    package init() {}

    package func sessions() async throws -> [StoredSession] {
        state.withLock { $0.sessions.values.sorted { ($0.addedAt, $0.identity) < ($1.addedAt, $1.identity) } }
    }

    package func save(_ record: StoredSession, expectedVersion: Int?) async throws -> Bool {
        state.withLock { state in
            guard state.sessions[record.identity]?.version == expectedVersion else { return false }
            state.sessions[record.identity] = record
            state.writes += 1
            return true
        }
    }

    package func delete(identity: String) async throws {
        state.withLock { _ = $0.sessions.removeValue(forKey: identity) }
    }

    package func catalogue() async throws -> StoredCatalogue? {
        state.withLock { $0.catalogue }
    }

    package func saveCatalogue(_ catalogue: StoredCatalogue) async throws {
        state.withLock { $0.catalogue = catalogue }
    }

    package func close() async throws {}

    /// Session writes that succeeded so far.
    package var writes: Int {
        state.withLock { $0.writes }
    }
}
