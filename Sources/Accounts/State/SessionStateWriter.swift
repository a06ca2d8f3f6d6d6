import ArenaWire
import Logging
import ServiceLifecycle
import Synchronization

/// One change for the store.
package enum SessionStateWrite: Sendable, Equatable {
    /// Write this record when the stored version is the expected one (`nil`: none stored).
    case save(StoredSession, expectedVersion: Int?)
    /// Remove the session of this identity.
    case delete(identity: String)
}

/// Writes session changes to the ``SessionStore`` in the order they happened, off the request
/// path: the pool hands changes in under its lock (so their order is the order of versions), and
/// this service writes them one at a time. On shutdown it writes what is queued before it ends.
///
/// Each write is compare-and-set on the version it last wrote for that session; a change older
/// than one already written is skipped, and a write the store refuses (another gateway wrote a
/// newer version) is logged, never forced.
package final class SessionStateWriter: Service, Sendable, ConcealsSecrets {
    private enum Item: Sendable {
        case write(SessionStateWrite)
        case barrier(CheckedContinuation<Void, Never>)
    }

    private let store: any SessionStore
    private let logger: Logger
    private let stream: AsyncStream<Item>
    private let continuation: AsyncStream<Item>.Continuation
    /// The version last written for each identity.
    private let written: Mutex<[String: Int]>

    /// A writer for `store`, which holds `versions` (identity to version) now.
    package init(store: any SessionStore, versions: [String: Int], logger: Logger) {
        self.store = store
        self.logger = logger
        (stream, continuation) = AsyncStream.makeStream(of: Item.self)
        written = Mutex(versions)
    }

    /// Queues a change; never waits.
    func enqueue(_ write: SessionStateWrite) {
        continuation.yield(.write(write))
    }

    /// Returns once every change queued before the call is written (or failed and was logged).
    func flush() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            if case .terminated = continuation.yield(.barrier(done)) { done.resume() }
        }
    }

    package func run() async throws {
        await withGracefulShutdownHandler {
            for await item in stream {
                switch item {
                case .write(let change): await apply(change)
                case .barrier(let done): done.resume()
                }
            }
        } onGracefulShutdown: {
            // Ends the loop once what is queued has been written.
            self.continuation.finish()
        }
    }

    /// Writes one change now.
    package func apply(_ change: SessionStateWrite) async {
        switch change {
        case .save(let record, _):
            let expected = written.withLock { $0[record.identity] }
            if let expected, record.version <= expected { return }
            do {
                if try await store.save(record, expectedVersion: expected) {
                    written.withLock { $0[record.identity] = record.version }
                } else {
                    logger.warning(
                        "a session's stored state was changed by another writer; this gateway keeps its own in memory",
                        metadata: ["version": "\(record.version)"])
                }
            } catch {
                logger.error("cannot write session state to DATA_DIR: \(error)")
            }
        case .delete(let identity):
            do {
                try await store.delete(identity: identity)
                written.withLock { _ = $0.removeValue(forKey: identity) }
            } catch {
                logger.error("cannot delete a session from DATA_DIR: \(error)")
            }
        }
    }
}
