import Foundation
import Logging
import NIOCore
import TestSupport
import Testing

@testable import Accounts
@testable import ArenaWire
@testable import GatewayCore
@testable import MockArena
@testable import ProxyServer
@testable import Recorder

/// The catalogue refresher over MockArena's replay: a failing endpoint keeps the list and is
/// logged once; a recording gateway records the catalogue fetch as a fixture MockArena replays.
struct CatalogueRefreshTests {
    static func refresher(_ transport: any ArenaTransport, catalogue: ModelCatalogue, logger: Logger) -> ModelCatalogRefresher {
        ModelCatalogRefresher(
            catalogue: catalogue, transport: transport, builder: ArenaRequestBuilder(dialect: .v2),
            pool: SessionPool(sessions: ArenaSession.parseList("s1"), defaultCooldown: .seconds(600), logger: logger),
            interval: .milliseconds(40), logger: logger)
    }

    @Test func aFailingCatalogueKeepsTheLastListAndIsLoggedOncePerIncident() async throws {
        let logs = LogCapture()
        let catalogue = ModelCatalogue(fallback: try ModelRegistry.bundled())
        let replayer = try FixtureCorpus.replayer()
        let refresher = Self.refresher(ReplayTransport(replayer: replayer), catalogue: catalogue, logger: logs.logger())
        let task = Task { try await refresher.run() }
        // The first read succeeds (entry #0); every later one meets the 500 of entry #1: wait for three of those.
        let deadline = ContinuousClock.now.advanced(by: .seconds(20))
        while replayer.servedCount("catalog/model-catalog.har#1") < 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        task.cancel()
        #expect(replayer.servedCount("catalog/model-catalog.har#1") >= 3)
        _ = try? await task.value
        #expect(catalogue.current.model(named: "gemini-3.1-pro-preview") != nil, "the catalogue replaced the bundled list and stayed")
        #expect(catalogue.age() != nil)
        #expect(logs.lines(containing: "model catalogue read").count == 1)
        #expect(logs.lines(containing: "cannot be read").count == 1, "one line per incident, not per read")
    }

    @Test func theLastGoodCatalogueIsStoredAndServedAtTheNextStart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalogue-state-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try await SQLiteSessionStore.open(directory: directory)
        var refresher = Self.refresher(
            ReplayTransport(replayer: try FixtureCorpus.replayer()), catalogue: ModelCatalogue(fallback: try ModelRegistry.bundled()),
            logger: Logger(label: "t"))
        refresher.store = store
        let read = try await refresher.fetch()
        #expect(try await store.catalogue() != nil, "a good read is stored")
        try await store.close()

        // The next start, with lmarena unreachable: the stored catalogue is served, not the bundled one.
        let logs = LogCapture()
        let server = try GatewayServer(configuration: GatewayHarness.configuration { $0.dataDirectory = directory }, logger: logs.logger())
        #expect(server.catalogue.current.models.count == 37, "the bundled list before the state is opened")
        let state = try await server.openState()
        #expect(server.catalogue.current.models.map(\.name) == read.models.map(\.name))
        #expect(server.catalogue.current.model(named: "gemini-3.1-pro-preview") != nil)
        #expect((server.catalogue.age() ?? -1) >= 0)
        #expect(logs.lines(containing: "serving the model catalogue stored on").count == 1)
        try await state.store.close()
    }

    @Test func aCatalogueNeverReadKeepsTheFallback() async throws {
        let logs = LogCapture()
        let catalogue = ModelCatalogue(fallback: try ModelRegistry.bundled())
        let refresher = Self.refresher(
            ReplayTransport(replayer: FixtureReplayer(store: FixtureStore(entries: []))), catalogue: catalogue, logger: logs.logger())
        await #expect(throws: (any Error).self) { _ = try await refresher.fetch() }
        #expect(catalogue.current.models.count == 37)
        #expect(catalogue.age() == nil)
    }

    @Test func theRecorderRecordsTheCatalogueFetch() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalogue-record-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let recording = RecordingTransport(
            base: ReplayTransport(replayer: try FixtureCorpus.replayer()), writer: try FixtureWriter(directory: directory),
            redactor: Redactor(secrets: ["s1"]), dialect: .v2, logger: Logger(label: "rec"))
        let catalogue = ModelCatalogue(fallback: try ModelRegistry.bundled())
        catalogue.replace(with: try await Self.refresher(recording, catalogue: catalogue, logger: Logger(label: "t")).fetch())
        try await Task.sleep(for: .milliseconds(200))
        let files = try FixtureFile.list(in: directory)
        #expect(files.count == 1)
        let replayed = try await Self.refresher(
            ReplayTransport(replayer: try FixtureReplayer(directory: directory)), catalogue: catalogue, logger: Logger(label: "t")
        ).fetch()
        #expect(replayed.models.map(\.name) == catalogue.current.models.map(\.name), "the recorded catalogue replays")
        let text = try String(contentsOf: files[0], encoding: .utf8)
        #expect(!text.contains("s1;") && !text.contains("=s1"), "the session cookie is redacted")
    }
}
