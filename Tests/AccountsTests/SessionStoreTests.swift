import Foundation
import Logging
import TestSupport
import Testing

@testable import Accounts
@testable import ArenaWire

/// The SQLite store: compare-and-set writes, file modes, the catalogue, and the writer's order.
struct SessionStoreTests {
    static func temporary() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)/data").path
        return path
    }

    static func record(_ identity: String, version: Int, value: String = "v", resting: Date? = nil, reason: String? = nil) -> StoredSession {
        StoredSession(
            identity: identity, origin: .environment, cookies: [ArenaSession.Cookie(name: "arena-auth-prod-v1", value: value)], version: version,
            restingUntil: resting, disabledReason: reason, addedAt: Date(timeIntervalSince1970: 1000), updatedAt: Date(timeIntervalSince1970: 2000))
    }

    @Test func writesAreCompareAndSetOnTheVersion() async throws {
        let directory = try Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let store = try await SQLiteSessionStore.open(directory: directory)
        #expect(try await store.save(Self.record("user:a", version: 1), expectedVersion: nil))
        #expect(
            try await !store.save(Self.record("user:a", version: 1, value: "other"), expectedVersion: nil),
            "an insert over a stored session is refused")
        #expect(try await !store.save(Self.record("user:a", version: 3), expectedVersion: 2), "a stale expected version is refused")
        let resting = Date(timeIntervalSince1970: 5000)
        #expect(try await store.save(Self.record("user:a", version: 2, value: "rotated", resting: resting, reason: "401: gone"), expectedVersion: 1))
        try await store.close()

        // Reopened: what was written is there, whole.
        let reopened = try await SQLiteSessionStore.open(directory: directory)
        let sessions = try await reopened.sessions()
        #expect(sessions == [Self.record("user:a", version: 2, value: "rotated", resting: resting, reason: "401: gone")])
        try await reopened.delete(identity: "user:a")
        #expect(try await reopened.sessions().isEmpty)
        try await reopened.close()
    }

    @Test func theDatabaseIsReadableByItsOwnerOnly() async throws {
        let directory = try Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let store = try await SQLiteSessionStore.open(directory: directory)
        _ = try await store.save(Self.record("user:a", version: 1), expectedVersion: nil)
        let manager = FileManager.default
        #expect(try manager.attributesOfItem(atPath: directory)[.posixPermissions] as? Int == 0o700)
        for name in try manager.contentsOfDirectory(atPath: directory) {
            let mode = try manager.attributesOfItem(atPath: "\(directory)/\(name)")[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name) is \(String(mode ?? 0, radix: 8))")
        }
        try await store.close()
    }

    @Test func theCatalogueIsKeptWhole() async throws {
        let directory = try Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let store = try await SQLiteSessionStore.open(directory: directory)
        #expect(try await store.catalogue() == nil)
        let first = StoredCatalogue(body: Data("[1]".utf8), fetchedAt: Date(timeIntervalSince1970: 10))
        let second = StoredCatalogue(body: Data(#"[{"arena":"text"}]"#.utf8), fetchedAt: Date(timeIntervalSince1970: 20))
        try await store.saveCatalogue(first)
        try await store.saveCatalogue(second)
        #expect(try await store.catalogue() == second)
        try await store.close()
    }

    @Test func aDirectoryThatCannotBeCreatedIsAClearError() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await SQLiteSessionStore.open(directory: "/proc/lmarena2api-cannot-be-here")
        }
    }

    @Test func theWriterSkipsOlderVersionsAndLogsRefusedWrites() async throws {
        let store = MemorySessionStore()
        let capture = LogCapture()
        let writer = SessionStateWriter(store: store, versions: [:], logger: capture.logger())
        await writer.apply(.save(Self.record("user:a", version: 1), expectedVersion: nil))
        await writer.apply(.save(Self.record("user:a", version: 3, value: "three"), expectedVersion: nil))
        await writer.apply(.save(Self.record("user:a", version: 2, value: "two"), expectedVersion: nil))
        #expect(try await store.sessions().first?.cookies.first?.value == "three", "a change older than one written is skipped")
        #expect(store.writes == 2)
        // Another writer moved the stored version on: this one's write is refused and logged, never forced.
        _ = try await store.save(Self.record("user:a", version: 9, value: "theirs"), expectedVersion: 3)
        await writer.apply(.save(Self.record("user:a", version: 4, value: "mine"), expectedVersion: nil))
        #expect(try await store.sessions().first?.cookies.first?.value == "theirs")
        #expect(capture.lines(containing: "changed by another writer").count == 1)
    }
}
