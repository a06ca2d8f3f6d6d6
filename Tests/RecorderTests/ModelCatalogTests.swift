import ArenaWire
import Foundation
import Recorder
import TestSupport
import Testing

/// The catalogue parser and the naming rule, on the catalogue fixture (which follows the capture
/// of 2026-10-06 field for field, dirt included) and on an `initialModels` array.
struct ModelCatalogTests {
    static func catalogueBody() throws -> Data {
        let file = try FixtureFile.read(FixtureCorpus.directory.appendingPathComponent("catalog/model-catalog.har"))
        let entry = try #require(file.log.entries.first)
        return Data(try #require(entry.response.content.bytes))
    }

    @Test func theCatalogueIsReadWithItsDirt() throws {
        let entries = try ModelCatalogParser.parse(try Self.catalogueBody())
        let video = try #require(entries.first { $0.name == "dreamina-seedance-2.5-720p" })
        #expect(video.displayName == "dreamina-seedance-2.5-720p", "the trailing newline is trimmed")
        #expect(video.modality == nil, "video is not served")
        let gemini = try #require(entries.first { $0.displayName == "gemini-3.1-pro-preview" })
        #expect(gemini.arenas == ["text", "code"], "one entry for a model in two arenas")
        #expect(entries.filter { $0.id == gemini.id }.count == 1)
        #expect(gemini.takesImages)
        #expect(gemini.created == 1_771_502_400, "2026-02-19 12:00 UTC, from the UUIDv7 id")
    }

    @Test func theRegistryListsWhatIsServedUnderTheDisplayName() throws {
        let registry = try ModelRegistry(catalog: try ModelCatalogParser.parse(try Self.catalogueBody()))
        let names = Set(registry.models.map(\.name))
        for listed in [
            "gemini-3.1-pro-preview", "gpt-5.5-instant", "qwen3.5-max-preview", "seedream-5.0-pro", "claude-sonnet-4-6-search", "gpt-4.1-2025-04-14",
        ] {
            #expect(names.contains(listed), "\(listed)")
        }
        #expect(!names.contains("internal-eval"), "userSelectable false is not listed")
        #expect(!names.contains("claude-webdev"), "web-only (the code arena) is not listed")
        #expect(!names.contains { $0.hasPrefix("dreamina") }, "video is not listed")
        #expect(registry.model(named: "seedream-5.0-pro")?.modality == .image)
        #expect(registry.model(named: "claude-sonnet-4-6-search")?.modality == .search)
        #expect(registry.model(named: "gemini-3.1-pro-preview")?.organization == "google")
    }

    @Test func aliasesReachTheModel() throws {
        let registry = try ModelRegistry(catalog: try ModelCatalogParser.parse(try Self.catalogueBody()))
        let qwen = try #require(registry.model(named: "qwen3.5-max-preview"))
        #expect(registry.model(named: "kiteki") == qwen, "the codename is an alias")
        #expect(registry.model(named: qwen.id) == qwen, "so is the lmarena id")
        #expect(registry.model(named: "gpt-5.5-instant-2026-05-28")?.name == "gpt-5.5-instant", "and the name")
    }

    /// Three models are shown as `grok-4.6`: a newer and an earlier text model and a search model.
    @Test func sharedDisplayNamesAreDisambiguatedByTheDocumentedRule() throws {
        let registry = try ModelRegistry(catalog: try ModelCatalogParser.parse(try Self.catalogueBody()))
        let groks = registry.models.filter { $0.name.hasPrefix("grok-4.6") }
        #expect(groks.count == 3)
        let plain = try #require(registry.model(named: "grok-4.6"))
        #expect(plain.modality == .chat)
        #expect(plain.aliases?.contains("grok-4.6-thinking") == true, "the newest chat model keeps the display name")
        let search = try #require(registry.model(named: "grok-4.6-search"))
        #expect(search.modality == .search, "another is listed under its own name")
        let earlier = try #require(groks.first { $0.name != "grok-4.6" && $0.name != "grok-4.6-search" })
        #expect(earlier.name == "grok-4.6@" + earlier.id.suffix(8), "its name is taken, so display name @ the end of its id")
        #expect((earlier.created ?? 0) < (plain.created ?? 0))
        let again = try ModelRegistry(catalog: try ModelCatalogParser.parse(try Self.catalogueBody()))
        #expect(again.models.map(\.name) == registry.models.map(\.name), "deterministic")
    }

    @Test func theOlderInitialModelsArrayIsReadToo() throws {
        let json = #"""
            [{"id":"019a98f7-afcd-779f-8dcb-856cc3b3f078","organization":"google","provider":"googleVertexGlobal","publicName":"gemini-3-pro","name":"gemini-3-pro","capabilities":{"inputCapabilities":{"text":true,"image":true},"outputCapabilities":{"text":true,"web":true}},"rank":1,"rankByModality":{"chat":1,"webdev":4}},
             {"id":"0199aa00-0000-7000-8000-000000000001","organization":"openai","provider":"openai","publicName":"gpt-image-9","name":"gpt-image-9","capabilities":{"inputCapabilities":{"text":true},"outputCapabilities":{"image":true}}}]
            """#
        let registry = try ModelRegistry.decode(Data(json.utf8), source: "initialModels")
        #expect(registry.models.map(\.name) == ["gemini-3-pro", "gpt-image-9"])
        #expect(registry.model(named: "gpt-image-9")?.modality == .image)
        let wrapped = try ModelRegistry.decode(Data(#"{"initialModels":\#(json)}"#.utf8), source: "page")
        #expect(wrapped.models.count == 2)
    }

    @Test func aTypoGetsUpToThreeCloseNames() throws {
        let registry = try ModelRegistry(catalog: try ModelCatalogParser.parse(try Self.catalogueBody()))
        #expect(registry.closestNames(to: "gemini-3.1-pro").first == "gemini-3.1-pro-preview")
        #expect(registry.closestNames(to: "grok-4.7").count <= 3)
        #expect(registry.closestNames(to: "zzzzzzzzzzzzzzzzzzzzzzzzzzz").isEmpty)
    }

    @Test func notACatalogueIsAClearError() {
        #expect(throws: ModelRegistryError.self) { _ = try ModelRegistry.decode(Data("{}".utf8), source: "x.json") }
        #expect(throws: ModelRegistryError.self) { _ = try ModelRegistry.decode(Data("[1,2]".utf8), source: "x.json") }
        #expect(throws: ModelRegistryError.self) { _ = try ModelRegistry.decode(Data("not json".utf8), source: "x.json") }
    }
}
