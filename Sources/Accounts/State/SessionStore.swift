import ArenaWire
import Foundation

/// Where sessions and the last good model catalogue outlive the process (`DATA_DIR`).
///
/// Writes to a session are compare-and-set on its version: ``save(_:expectedVersion:)`` writes
/// only when the stored version is the one the caller last saw, so several gateways sharing one
/// store (a PostgreSQL one can follow this protocol without touching its callers) never overwrite
/// a newer rotation with an older one. Each call is one transaction.
package protocol SessionStore: Sendable {
    /// Every stored session.
    func sessions() async throws -> [StoredSession]
    /// Writes `record` when the stored version of its identity is `expectedVersion` (`nil`: when
    /// none is stored). Returns whether it was written.
    func save(_ record: StoredSession, expectedVersion: Int?) async throws -> Bool
    /// Removes the session of `identity`, if stored.
    func delete(identity: String) async throws
    /// The last good model catalogue, as lmarena sent it.
    func catalogue() async throws -> StoredCatalogue?
    /// Replaces the stored catalogue.
    func saveCatalogue(_ catalogue: StoredCatalogue) async throws
    /// Releases the store.
    func close() async throws
}

/// One session as stored: its current cookies and health, never logged.
package struct StoredSession: Sendable, Equatable, ConcealsSecrets {
    /// Where the session came from.
    package enum Origin: String, Sendable {
        /// `LA_COOKIE`: removed from the store when it leaves `LA_COOKIE`.
        case environment
        /// `POST /admin/sessions`: kept until `DELETE /admin/sessions/{number}`.
        case admin
    }

    /// ``ArenaSession/identity``: the key.
    package var identity: String
    /// Where it came from.
    package var origin: Origin
    /// The cookies it sends now.
    package var cookies: [ArenaSession.Cookie]
    /// Bumped by every change; what writes compare and set.
    package var version: Int
    /// Resting after a rate limit until this time.
    package var restingUntil: Date?
    /// Why it was disabled, when it is.
    package var disabledReason: String?
    /// When it was first stored (orders sessions added at run time).
    package var addedAt: Date
    /// When it was last written.
    package var updatedAt: Date

    /// Creates a record.
    package init(
        identity: String, origin: Origin, cookies: [ArenaSession.Cookie], version: Int, restingUntil: Date? = nil,
        disabledReason: String? = nil, addedAt: Date, updatedAt: Date
    ) {
        self.identity = identity
        self.origin = origin
        self.cookies = cookies
        self.version = version
        self.restingUntil = restingUntil
        self.disabledReason = disabledReason
        self.addedAt = addedAt
        self.updatedAt = updatedAt
    }

    /// The cookies as stored: a JSON array of `[name, value]` pairs.
    var cookiesJSON: String {
        let pairs = cookies.map { [$0.name, $0.value] }
        let data = (try? JSONSerialization.data(withJSONObject: pairs, options: [.withoutEscapingSlashes])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Cookies read back from ``cookiesJSON``; `nil` when the text is not such an array.
    static func cookies(fromJSON text: String) -> [ArenaSession.Cookie]? {
        guard let pairs = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String]] else { return nil }
        var cookies: [ArenaSession.Cookie] = []
        for pair in pairs {
            guard pair.count == 2 else { return nil }
            cookies.append(ArenaSession.Cookie(name: pair[0], value: pair[1]))
        }
        return cookies
    }
}

/// The last model catalogue read well, as lmarena sent it.
package struct StoredCatalogue: Sendable, Equatable {
    /// The body of `GET /nextjs-api/model-catalog`.
    package var body: Data
    /// When it was read.
    package var fetchedAt: Date

    /// Creates a record.
    package init(body: Data, fetchedAt: Date) {
        self.body = body
        self.fetchedAt = fetchedAt
    }
}
