import ArenaWire
import Foundation
import Logging
import NIOCore
import Recorder
import Synchronization

/// Answers requests from a ``FixtureStore``, keeping the sequence state that socket and
/// in-process replay share.
public final class FixtureReplayer: Sendable {
    private let state: Mutex<(store: FixtureStore, replay: ReplayState)>
    private let abandoned: Mutex<[(name: String, at: ContinuousClock.Instant)]> = Mutex([])
    private let inFlight = Mutex([String: (current: Int, peak: Int)]())
    private let logger: Logger
    /// When set, `v2` stream requests must carry a `recaptchaV3Token` with this prefix, each once.
    public let recaptchaPrefix: String?
    private let usedTokens = Mutex(Set<String>())
    /// The stand-in for lmarena's object storage that image uploads go to.
    public let uploads = UploadStore()

    /// Creates a replayer over `store`; with `recaptchaPrefix`, it checks reCAPTCHA tokens as lmarena does.
    public init(store: FixtureStore, logger: Logger = Logger(label: "mockarena"), recaptchaPrefix: String? = nil) {
        self.recaptchaPrefix = recaptchaPrefix
        self.state = Mutex((store, ReplayState(entryCount: store.entries.count)))
        self.logger = logger
    }

    /// Loads the fixtures below `directory` and creates a replayer over them.
    public convenience init(directory: URL, logger: Logger = Logger(label: "mockarena"), recaptchaPrefix: String? = nil) throws {
        self.init(store: try FixtureStore.load(directory: directory), logger: logger, recaptchaPrefix: recaptchaPrefix)
    }

    /// The fixtures served.
    public var store: FixtureStore {
        state.withLock { $0.store }
    }

    /// Whether some entry answers `request`, without serving it.
    public func matches(_ request: ReplayRequest) -> Bool {
        state.withLock { !$0.store.candidates(for: request).isEmpty }
    }

    /// Adds entries (a new recording) after the existing ones.
    public func add(_ entries: [FixtureStore.Entry]) {
        state.withLock { state in
            state.store = FixtureStore(entries: state.store.entries + entries)
            state.replay.grow(to: state.store.entries.count)
        }
    }

    /// The entry that answers `request`, or a miss report naming the closest entry.
    public func resolve(_ request: ReplayRequest) -> ReplayResolution {
        let path = ArenaRequest.path(of: request.url)
        if path.hasPrefix(UploadStore.prefix) {
            return .synthetic(
                uploads.answer(
                    method: request.method.uppercased(), path: path, contentType: request.header("content-type"),
                    body: request.bytes ?? ByteBuffer(string: request.body)))
        }
        if path.hasPrefix(ArenaVocabulary.Path.v2Stream) || path.hasPrefix(ArenaVocabulary.Path.legacyStream),
            let problem = uploads.checkAttachments(ofBody: request.body)
        {
            logger.warning("refusing \(request.key): \(problem)")
            return .synthetic(.error(400, "MockArena: \(problem)"))
        }
        if let recaptchaPrefix, request.key.path.hasPrefix(ArenaVocabulary.Path.v2Stream), !acceptsToken(in: request, prefix: recaptchaPrefix) {
            logger.info("rejecting \(request.key): missing, invalid or reused reCAPTCHA token")
            return .recaptchaRejected
        }
        let (entry, store) = state.withLock { state -> (FixtureStore.Entry?, FixtureStore) in
            let candidates = state.store.candidates(for: request)
            return (state.replay.serve(among: candidates).map { state.store.entries[$0] }, state.store)
        }
        if let entry {
            logger.debug("serving \(entry.name) for \(request.key)")
            return .entry(entry)
        }
        let miss = ReplayMiss(request: request.key, closest: store.closest(to: request))
        logger.warning("\(miss.message)")
        return .miss(miss)
    }

    /// Notes that a replay of `entry` started streaming.
    public func beginReplay(_ entry: FixtureStore.Entry) {
        inFlight.withLock { state in
            var counts = state[entry.name] ?? (0, 0)
            counts.current += 1
            counts.peak = max(counts.peak, counts.current)
            state[entry.name] = counts
        }
    }

    /// Notes that a replay of `entry` ended.
    public func endReplay(_ entry: FixtureStore.Entry) {
        inFlight.withLock { $0[entry.name]?.current -= 1 }
    }

    /// The most replays of the entry named `file#index` that were streaming at the same time.
    public func peakConcurrentReplays(of name: String) -> Int {
        inFlight.withLock { $0[name]?.peak ?? 0 }
    }

    /// Records that the client left while `entry` was still being replayed.
    public func noteAbandoned(_ entry: FixtureStore.Entry, at instant: ContinuousClock.Instant = .now) {
        abandoned.withLock { $0.append((entry.name, instant)) }
        logger.info("the client closed the connection while \(entry.name) was replaying")
    }

    /// Replays the client left before they ended, with when MockArena noticed.
    public var abandonedReplays: [(name: String, at: ContinuousClock.Instant)] {
        abandoned.withLock { $0 }
    }

    /// How many times the entry named `file#index` was served since the last reset.
    public func servedCount(_ name: String) -> Int {
        state.withLock { state in
            state.store.entries.firstIndex { $0.name == name }.map { state.replay.servedCount(of: $0) } ?? 0
        }
    }

    /// Starts every sequence over.
    public func reset() {
        state.withLock { $0.replay.reset() }
        uploads.reset()
    }

    /// The entries never served since the start or the last reset, as `file#index` names.
    public var unservedEntries: [String] {
        state.withLock { state in state.replay.unserved.map { state.store.entries[$0].name } }
    }
}

extension FixtureReplayer {
    /// Whether the request's token has the prefix and was not used before; marks it used.
    private func acceptsToken(in request: ReplayRequest, prefix: String) -> Bool {
        guard let data = request.body.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let token = object[ArenaVocabulary.Field.recaptchaV3Token] as? String, token.hasPrefix(prefix)
        else { return false }
        return usedTokens.withLock { $0.insert(token).inserted }
    }
}

/// How a request was answered.
public enum ReplayResolution: Sendable {
    /// The request's reCAPTCHA token was missing, invalid or reused: `403 recaptcha validation failed`.
    case recaptchaRejected
    /// MockArena answers itself: the upload store, or a chat request whose attachments point at nothing.
    case synthetic(ReplaySynthetic)
    /// This entry answers it.
    case entry(FixtureStore.Entry)
    /// No entry matches.
    case miss(ReplayMiss)
}

/// A request no fixture matches: what MockArena answers instead of a silent 404.
public struct ReplayMiss: Sendable {
    /// The status of a miss answer: 599, which no real upstream sends.
    public static let status = 599
    /// The key of the request that missed.
    public let request: FixtureKey
    /// The closest entry and the first field that differed.
    public let closest: (entry: FixtureStore.Entry, field: String, expected: String, actual: String)?

    /// One sentence naming the request, the closest entry and the field that differed.
    public var message: String {
        guard let closest else {
            return "MockArena: no fixture matches \(request) (no fixtures are loaded)"
        }
        return "MockArena: no fixture matches \(request); closest is \(closest.entry.name), "
            + "which differs in \(closest.field): expected \(JSONStringCodec.quoted(closest.expected, limit: 120)), "
            + "got \(JSONStringCodec.quoted(closest.actual, limit: 120))"
    }

    /// The longest value a miss answer echoes whole.
    public static let longestEchoedValue = 2000

    /// `text`, or its first ``longestEchoedValue`` characters and how long it was.
    static func shown(_ text: String) -> String {
        guard text.count > longestEchoedValue else { return text }
        return String(text.prefix(longestEchoedValue)) + "... (\(text.count) characters in all)"
    }

    /// The JSON body of the miss answer.
    public var body: ByteBuffer {
        var object: [String: Any] = ["error": message]
        if let closest {
            object["closest"] = closest.entry.name
            object["field"] = closest.field
            // Values are cut: a miss must not echo a prompt of megabytes back (and into a recording).
            object["expected"] = Self.shown(closest.expected)
            object["actual"] = Self.shown(closest.actual)
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return ByteBuffer(bytes: data)
    }
}

extension JSONStringCodec {
    /// `text` as a JSON string literal, cut to `limit` characters with an ellipsis.
    static func quoted(_ text: String, limit: Int) -> String {
        encode(text.count > limit ? String(text.prefix(limit)) + "..." : text)
    }
}
