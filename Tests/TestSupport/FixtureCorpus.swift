import ArenaWire
import Foundation
import MockArena
import Recorder

/// The repository's fixtures, for tests.
public enum FixtureCorpus {
    /// The repository's `fixtures/` directory.
    public static let directory: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("fixtures")
    }()

    /// One fixture file and what a client must see for it.
    public struct Case: Sendable, CustomStringConvertible {
        /// Path below `fixtures/`.
        public let file: String
        /// The expectation the generator wrote.
        public let expect: FixtureExpectation
        /// Whether the first entry carries a `_fault`.
        public let hasFault: Bool
        /// How many exchanges the fixture holds.
        public let entryCount: Int

        /// The dialect the gateway must speak for it.
        public var dialect: ArenaDialect { ArenaDialect(rawValue: expect.dialect ?? "v2") ?? .v2 }
        /// The sessions the gateway must use for it.
        public var sessions: [ArenaSession] {
            ArenaSession.parseList(expect.sessions ?? "test-session-value")
        }
        /// The file name, for test case names.
        public var description: String { file }

        /// A chat request body for the fixture.
        public func requestBody(stream: Bool, includeUsage: Bool = false) -> String {
            var object: [String: Any] = ["model": expect.model, "messages": [["role": "user", "content": expect.prompt]], "stream": stream]
            if includeUsage { object["stream_options"] = ["include_usage": true] }
            let data = try! JSONSerialization.data(withJSONObject: object)
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Every fixture that carries an expectation.
    public static func cases() -> [Case] {
        guard let files = try? FixtureFile.list(in: directory) else { return [] }
        return files.compactMap { url in
            guard let file = try? FixtureFile.read(url), let expect = file.log.fixture?.expect else { return nil }
            let relative = url.path.replacingOccurrences(of: directory.path + "/", with: "")
            return Case(file: relative, expect: expect, hasFault: file.log.entries.first?.fault != nil, entryCount: file.log.entries.count)
        }
    }

    /// A replayer over the whole corpus, with fresh sequence state.
    public static func replayer(recaptchaPrefix: String? = nil) throws -> FixtureReplayer {
        try FixtureReplayer(directory: directory, recaptchaPrefix: recaptchaPrefix)
    }
}
