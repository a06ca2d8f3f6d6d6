import Accounts
import ArenaWire
import Foundation
import GatewayCore
import Logging
import Settings

/// The gateway's open state: the store and the service that writes to it.
package struct GatewayState: Sendable {
    /// Where sessions and the catalogue are kept.
    let store: any SessionStore
    /// What writes session changes, in order.
    let writer: SessionStateWriter
}

extension GatewayServer {
    /// Opens `DATA_DIR` (or a store in memory), restores the sessions of the last run against
    /// `LA_COOKIE` (see ``SessionRestore``), serves the last good catalogue until a live one is
    /// read, and attaches the store to the pool. Throws a ``ConfigurationError`` naming
    /// `DATA_DIR` when the store cannot be opened.
    package func openState(now: ContinuousClock.Instant = .now, wallNow: Date = Date()) async throws -> GatewayState {
        let store: any SessionStore
        let stored: [StoredSession]
        do {
            if let directory = configuration.dataDirectory {
                store = try await SQLiteSessionStore.open(directory: directory)
            } else {
                store = MemorySessionStore()
            }
            stored = try await store.sessions()
        } catch {
            throw ConfigurationError(variable: "DATA_DIR", flag: "data-dir", reason: "cannot open the state database: \(error)")
        }
        let outcome = SessionRestore.restore(configured: configuration.sessions, stored: stored, now: now, wallNow: wallNow)
        let writer = SessionStateWriter(
            store: store, versions: Dictionary(stored.map { ($0.identity, $0.version) }, uniquingKeysWith: { first, _ in first }), logger: logger)
        for write in outcome.writes { await writer.apply(write) }
        pool.install(SessionRoster(entries: outcome.entries, defaultCooldown: pool.defaultCooldown), writer: writer)
        for note in outcome.notes { logger.notice("\(note)") }
        if let directory = configuration.dataDirectory {
            logger.info("state is kept in \(directory)/\(SQLiteSessionStore.fileName)", metadata: ["sessions": "\(outcome.entries.count)"])
        }
        if configuration.modelsRefresh > .zero, let saved = try? await store.catalogue() {
            do {
                let registry = try ModelRegistry(catalog: try ModelCatalogParser.parse(saved.body))
                catalogue.restore(registry, readAgo: max(0, wallNow.timeIntervalSince(saved.fetchedAt)), now: now)
                logger.info(
                    "serving the model catalogue stored on \(SessionRestore.stamp(saved.fetchedAt)) until lmarena's is read",
                    metadata: ["models": "\(registry.models.count)"])
            } catch {
                logger.warning("the stored model catalogue cannot be read (\(error)); serving the bundled one until lmarena's is read")
            }
        }
        return GatewayState(store: store, writer: writer)
    }
}
