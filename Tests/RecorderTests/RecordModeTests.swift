import ArenaWire
import Foundation
import Logging
import MockArena
import NIOCore
import NIOHTTP1
import OpenAISurface
import Recorder
import Settings
import Synchronization
import TestSupport
import Testing

/// Counts the requests that reach it, then hands them to another transport.
final class CountingTransport: ArenaTransport {
    let base: any ArenaTransport
    let calls = Mutex(0)

    init(base: any ArenaTransport) {
        self.base = base
    }

    func send(_ request: ArenaRequest) async throws -> ArenaResponse {
        calls.withLock { $0 += 1 }
        return try await base.send(request)
    }
}

struct RecordModeTests {
    static let registry = try! ModelRegistry.bundled()

    static func request(model: String, prompt: String) -> ArenaRequest {
        ArenaRequestBuilder(dialect: .v2).chatRequest(
            model: registry.model(named: model)!, conversation: ArenaConversation(prompt: prompt), session: nil, recaptchaToken: "t")
    }

    static func read(_ transport: any ArenaTransport, _ request: ArenaRequest) async throws -> (Int, String) {
        let response = try await transport.send(request)
        var text = ""
        for try await chunk in response.body { text += String(buffer: chunk) }
        return (response.status, text)
    }

    static func directoryWith(_ files: [String]) throws -> URL {
        let directory = RedactionTests.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in files {
            try FileManager.default.copyItem(
                at: FixtureCorpus.directory.appendingPathComponent(file),
                to: directory.appendingPathComponent(URL(fileURLWithPath: file).lastPathComponent))
        }
        return directory
    }

    @Test func noneNeverGoesUpstream() async throws {
        let directory = try Self.directoryWith(["chat/short.har"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let upstream = CountingTransport(base: CannedTransport(status: 200, headers: [:], chunks: ["a0:\"live\"\n"]))
        let transport = try RecordingTransportFactory.make(
            mode: .none, directory: directory, live: upstream, registry: Self.registry, redactor: Redactor(), dialect: .v2, logger: Logger(label: "t")
        )
        let (status, text) = try await Self.read(transport, Self.request(model: "gpt-4.1-2025-04-14", prompt: "Say hello"))
        #expect(status == 200 && text.contains("Hello"))
        let (missStatus, missText) = try await Self.read(transport, Self.request(model: "gpt-4.1-2025-04-14", prompt: "Not recorded"))
        #expect(missStatus == ReplayMiss.status)
        #expect(missText.contains("short.har#0") && missText.contains("user message"))
        #expect(upstream.calls.withLock { $0 } == 0)
        #expect(try FixtureFile.list(in: directory).count == 1, "nothing recorded")
    }

    @Test func onceGoesUpstreamOnlyForTheMissingFixture() async throws {
        let directory = try Self.directoryWith(["chat/short.har"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let upstream = CountingTransport(base: ReplayTransport(replayer: try FixtureCorpus.replayer()))
        let transport = try RecordingTransportFactory.make(
            mode: .once, directory: directory, live: upstream, registry: Self.registry, redactor: Redactor(), dialect: .v2, logger: Logger(label: "t")
        )
        _ = try await Self.read(transport, Self.request(model: "gpt-4.1-2025-04-14", prompt: "Say hello"))
        #expect(upstream.calls.withLock { $0 } == 0, "a recorded request is replayed")
        let missing = Self.request(model: "claude-3-7-sonnet-20250219-thinking-32k", prompt: "Why is the sky blue? Think first.")
        let (_, live) = try await Self.read(transport, missing)
        #expect(upstream.calls.withLock { $0 } == 1)
        #expect(live.contains("Rayleigh"))
        let recorded = try FixtureFile.list(in: directory).map(\.lastPathComponent)
        #expect(recorded.contains("v2-claude-3-7-sonnet-20250219-thinking-32k-why-is-the-sky-blue-think-first-001.har"))
        let (_, again) = try await Self.read(transport, missing)
        #expect(again == live)
        #expect(upstream.calls.withLock { $0 } == 1, "the new recording answers from then on")
    }

    @Test func allAlwaysGoesUpstreamAndRecordsEveryExchange() async throws {
        let directory = try Self.directoryWith(["chat/short.har"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let upstream = CountingTransport(base: ReplayTransport(replayer: try FixtureCorpus.replayer()))
        let transport = try RecordingTransportFactory.make(
            mode: .all, directory: directory, live: upstream, registry: Self.registry, redactor: Redactor(), dialect: .v2, logger: Logger(label: "t"))
        for _ in 0..<2 { _ = try await Self.read(transport, Self.request(model: "gpt-4.1-2025-04-14", prompt: "Say hello")) }
        #expect(upstream.calls.withLock { $0 } == 2)
        #expect(try FixtureFile.list(in: directory).count == 3)
    }

    @Test func theModeDefaultsToOnceAndToNoneUnderCI() throws {
        func mode(_ values: [String: String], ci: Bool) throws -> RecordMode {
            try SettingReader(environment: values).read(RecordingSettings.all, into: RecordingConfiguration()).mode(ci: ci)
        }
        #expect(try mode([:], ci: false) == .once)
        #expect(try mode([:], ci: true) == .none)
        #expect(try mode(["RECORD_MODE": "all"], ci: true) == .all)
        #expect(throws: ConfigurationError.self) { _ = try mode(["RECORD_MODE": "sometimes"], ci: false) }
    }
}
