import Foundation
import NIOCore
import Recorder

/// Every fixture entry under a directory, with its match key, ready to replay.
public struct FixtureStore: Sendable {
    /// One replayable entry.
    public struct Entry: Sendable {
        /// The file, relative to the store's directory, e.g. `chat/short.har`.
        public var file: String
        /// Position of the entry in its file.
        public var index: Int
        /// Its semantic match key.
        public var key: FixtureKey
        /// Its `_match` conditions.
        public var match: FixtureMatch?
        /// What replaying it sends.
        public var plan: ReplayPlan

        /// Creates an entry.
        public init(file: String, index: Int, key: FixtureKey, match: FixtureMatch?, plan: ReplayPlan) {
            self.file = file
            self.index = index
            self.key = key
            self.match = match
            self.plan = plan
        }

        /// `file#index`, how logs and miss reports name the entry.
        public var name: String { "\(file)#\(index)" }
    }

    /// All entries, files in path order and entries in file order.
    public let entries: [Entry]

    /// Creates a store from entries.
    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Loads every `.har` file below `directory`.
    public static func load(directory: URL) throws -> FixtureStore {
        let root = directory.standardizedFileURL.path
        var entries: [Entry] = []
        for url in try FixtureFile.list(in: directory) {
            var relative = url.standardizedFileURL.path
            if relative.hasPrefix(root) { relative = String(relative.dropFirst(root.count).drop(while: { $0 == "/" })) }
            let file = try FixtureFile.read(url)
            // An entry MockArena cannot replay is refused at load, with what `fixtures check` says of it.
            for (index, entry) in file.log.entries.enumerated() {
                if let found = entry.replayProblems.first {
                    throw FixtureLoadError(description: "\(relative): log.entries[\(index)].\(found.field): \(found.message)")
                }
            }
            entries += Self.entries(of: file, named: relative)
        }
        return FixtureStore(entries: entries)
    }

    /// The replayable entries of one fixture file.
    public static func entries(of file: HARFile, named name: String) -> [Entry] {
        file.log.entries.enumerated().map { index, entry in
            let key = FixtureKey(method: entry.request.method, url: entry.request.url, body: entry.request.postData?.text)
            return Entry(file: name, index: index, key: key, match: entry.match, plan: ReplayPlan(entry: entry))
        }
    }

    /// Indices of the entries that answer `request`, in order.
    public func candidates(for request: ReplayRequest) -> [Int] {
        entries.indices.filter { index in
            Self.keyMatches(entries[index], request) && Self.holds(entries[index].match, for: request)
        }
    }

    /// The entry closest to `request` and how it differs, for a miss report.
    public func closest(to request: ReplayRequest) -> (entry: Entry, field: String, expected: String, actual: String)? {
        // The most fields in agreement; among those, the user message that shares the longest start.
        func rank(_ entry: Entry) -> (Int, Int) {
            let shared = zip(entry.key.userText ?? "", request.key.userText ?? "").prefix { $0 == $1 }.count
            return (entry.key.agreement(with: request.key), shared)
        }
        guard let best = entries.max(by: { rank($0) < rank($1) }) else {
            return nil
        }
        if let difference = best.key.firstDifference(from: request.key) {
            return (best, difference.field, difference.expected, difference.actual)
        }
        let condition = best.match.map { "\($0)" } ?? "_match"
        return (best, "_match", condition, "a request that does not meet it")
    }

    /// The same key; an entry with `promptContains` takes any prompt that contains its texts.
    private static func keyMatches(_ entry: Entry, _ request: ReplayRequest) -> Bool {
        guard let match = entry.match, match.promptContains != nil else { return entry.key == request.key }
        var loose = entry.key
        loose.userText = request.key.userText
        return loose == request.key && match.admits(prompt: request.key.userText)
    }

    private static func holds(_ match: FixtureMatch?, for request: ReplayRequest) -> Bool {
        guard let match else { return true }
        if let needle = match.cookieContains, !(request.header("cookie") ?? "").contains(needle) {
            return false
        }
        for (name, needle) in match.headerContains ?? [:] where !(request.header(name) ?? "").contains(needle) {
            return false
        }
        if let wanted = match.cookies {
            let sent = FixtureMatch.cookiePairs(request.header("cookie") ?? "")
            if wanted.contains(where: { sent[$0.key] != $0.value }) { return false }
        }
        return true
    }
}

/// A request as MockArena sees it, socket or in-process.
public struct ReplayRequest: Sendable {
    /// HTTP method.
    public var method: String
    /// URL or path with query.
    public var url: String
    /// Headers as received.
    public var headers: [(name: String, value: String)]
    /// The body as text.
    public var body: String
    /// The body's bytes, when they may not be text (an upload's PUT).
    public var bytes: ByteBuffer?
    /// The semantic key read from the above.
    public let key: FixtureKey

    /// Creates a request and reads its key.
    public init(method: String, url: String, headers: [(name: String, value: String)], body: String, bytes: ByteBuffer? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.bytes = bytes
        self.key = FixtureKey(method: method, url: url, body: body)
    }

    /// The first header named `name`, case-insensitive.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A fixture MockArena refuses to load, naming the file and the field.
public struct FixtureLoadError: Error, Sendable, CustomStringConvertible {
    /// `file: field: what is wrong`.
    public let description: String
}
