import Foundation
import Logging
import NIOCore
import SQLiteNIO

/// The ``SessionStore`` in an embedded SQLite database, `DATA_DIR/lmarena2api.sqlite`.
///
/// Through sqlite-nio rather than GRDB: it vendors SQLite itself (no system library to install),
/// runs every call on NIO's thread pool so no event loop ever blocks on the disk, and speaks the
/// same future/async style as the rest of the stack. The file and its WAL companions are created
/// with mode 0600 in a directory of mode 0700; each write is one statement, so one transaction.
package final class SQLiteSessionStore: SessionStore {
    /// The database file's name inside `DATA_DIR`.
    package static let fileName = "lmarena2api.sqlite"

    private let connection: SQLiteConnection

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Opens (creating when needed) the store in `directory`.
    package static func open(directory: String) async throws -> SQLiteSessionStore {
        let manager = FileManager.default
        if !manager.fileExists(atPath: directory) {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let path = (directory as NSString).appendingPathComponent(fileName)
        if !manager.fileExists(atPath: path) {
            guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StoreError(description: "cannot create \(path)")
            }
        } else {
            try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        }
        var quiet = Logger(label: "lmarena2api.state")
        quiet.logLevel = .critical
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: quiet)
        let store = SQLiteSessionStore(connection: connection)
        do {
            try await store.migrate()
        } catch {
            try? await connection.close()
            throw error
        }
        return store
    }

    private func migrate() async throws {
        _ = try await connection.query("PRAGMA journal_mode = WAL")
        _ = try await connection.query("PRAGMA synchronous = NORMAL")
        _ = try await connection.query("PRAGMA busy_timeout = 5000")
        _ = try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS sessions (
                identity TEXT PRIMARY KEY, origin TEXT NOT NULL, cookies TEXT NOT NULL, version INTEGER NOT NULL,
                resting_until REAL, disabled_reason TEXT, added_at REAL NOT NULL, updated_at REAL NOT NULL)
            """)
        _ = try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS catalogue (id INTEGER PRIMARY KEY CHECK (id = 1), body BLOB NOT NULL, fetched_at REAL NOT NULL)
            """)
    }

    package func sessions() async throws -> [StoredSession] {
        let rows = try await connection.query(
            "SELECT identity, origin, cookies, version, resting_until, disabled_reason, added_at, updated_at FROM sessions ORDER BY added_at, identity"
        )
        return rows.compactMap { row -> StoredSession? in
            guard let identity = row.column("identity")?.string,
                let origin = row.column("origin")?.string.flatMap(StoredSession.Origin.init(rawValue:)),
                let cookies = row.column("cookies")?.string.flatMap(StoredSession.cookies(fromJSON:)),
                let version = row.column("version")?.integer
            else { return nil }
            return StoredSession(
                identity: identity, origin: origin, cookies: cookies, version: version,
                restingUntil: row.column("resting_until")?.double.map(Date.init(timeIntervalSince1970:)),
                disabledReason: row.column("disabled_reason")?.string,
                addedAt: Date(timeIntervalSince1970: row.column("added_at")?.double ?? 0),
                updatedAt: Date(timeIntervalSince1970: row.column("updated_at")?.double ?? 0))
        }
    }

    package func save(_ record: StoredSession, expectedVersion: Int?) async throws -> Bool {
        let values: [SQLiteData] = [
            .text(record.origin.rawValue), .text(record.cookiesJSON), .integer(record.version),
            record.restingUntil.map { .float($0.timeIntervalSince1970) } ?? .null,
            record.disabledReason.map { .text($0) } ?? .null,
            .float(record.addedAt.timeIntervalSince1970), .float(record.updatedAt.timeIntervalSince1970),
            .text(record.identity),
        ]
        let rows: [SQLiteRow]
        if let expectedVersion {
            rows = try await connection.query(
                """
                UPDATE sessions SET origin = ?1, cookies = ?2, version = ?3, resting_until = ?4, disabled_reason = ?5,
                    added_at = ?6, updated_at = ?7 WHERE identity = ?8 AND version = ?9 RETURNING identity
                """, values + [.integer(expectedVersion)])
        } else {
            rows = try await connection.query(
                """
                INSERT INTO sessions (origin, cookies, version, resting_until, disabled_reason, added_at, updated_at, identity)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (identity) DO NOTHING RETURNING identity
                """, values)
        }
        return !rows.isEmpty
    }

    package func delete(identity: String) async throws {
        _ = try await connection.query("DELETE FROM sessions WHERE identity = ?1", [.text(identity)])
    }

    package func catalogue() async throws -> StoredCatalogue? {
        let rows = try await connection.query("SELECT body, fetched_at FROM catalogue WHERE id = 1")
        guard let row = rows.first, let body = row.column("body")?.blob, let fetched = row.column("fetched_at")?.double else { return nil }
        return StoredCatalogue(body: Data(body.readableBytesView), fetchedAt: Date(timeIntervalSince1970: fetched))
    }

    package func saveCatalogue(_ catalogue: StoredCatalogue) async throws {
        _ = try await connection.query(
            "INSERT INTO catalogue (id, body, fetched_at) VALUES (1, ?1, ?2) ON CONFLICT (id) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at",
            [.blob(ByteBuffer(bytes: catalogue.body)), .float(catalogue.fetchedAt.timeIntervalSince1970)])
    }

    package func close() async throws {
        try await connection.close()
    }
}

/// A store that cannot be opened or written, in words without a secret.
package struct StoreError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    package var description: String
}
