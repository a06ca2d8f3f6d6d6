import ArenaWire
import AsyncHTTPClient
import Foundation
import GatewayCore
import MockArena
import NIOCore
import NIOHTTP1
import ProxyServer
import TestSupport
import Testing

/// The live catalogue as a new user meets it: the gateway reads MockArena's 2026-shaped
/// catalogue and serves today's names.
@Suite(.serialized)
struct CatalogueEndToEndTests {
    static func request(_ port: Int, _ path: String, body: String? = nil) async throws -> (status: Int, json: [String: Any], text: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        if let body {
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 22))
        let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
        return (Int(response.status.code), json, text)
    }

    static func chat(_ port: Int, model: String, prompt: String, stream: Bool = false) async throws -> (
        status: Int, json: [String: Any], text: String
    ) {
        try await request(port, "/v1/chat/completions", body: LiveStack.chatBody(model: model, prompt: prompt, stream: stream))
    }

    static func content(_ json: [String: Any]) -> String? {
        ((json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String
    }

    @Test func todaysNamesAreListedAndAnsweredByNameCodenameAndId() async throws {
        try await LiveStack.withCatalogue(replayer: try FixtureCorpus.replayer(), configuration: GatewayHarness.configuration()) { port, server, _ in
            let list = try await Self.request(port, "/v1/models")
            let data = try #require(list.json["data"] as? [[String: Any]])
            let ids = data.compactMap { $0["id"] as? String }
            for name in ["gemini-3.1-pro-preview", "gpt-5.5-instant", "qwen3.5-max-preview", "seedream-5.0-pro", "claude-sonnet-4-6-search"] {
                #expect(ids.contains(name), "\(name)")
            }
            #expect(!ids.contains("kiteki"), "a codename is an alias, not a listing")
            let gemini = try #require(data.first { $0["id"] as? String == "gemini-3.1-pro-preview" })
            #expect(gemini["owned_by"] as? String == "google")
            #expect(gemini["created"] as? Int == 1_771_502_400, "the day its UUIDv7 id says")
            let byName = try await Self.chat(port, model: "gemini-3.1-pro-preview", prompt: "What is new in 2026?")
            #expect(Self.content(byName.json) == "Models with longer memories.", "\(byName.text)")
            let geminiID = try #require(server.catalogue.current.model(named: "gemini-3.1-pro-preview")?.id)
            let byID = try await Self.chat(port, model: geminiID, prompt: "What is new in 2026?")
            #expect(Self.content(byID.json) == "Models with longer memories.")
            let byCodename = try await Self.chat(port, model: "kiteki", prompt: "Introduce yourself")
            #expect(Self.content(byCodename.json) == "I am Qwen.", "\(byCodename.text)")
            let retrieved = try await Self.request(port, "/v1/models/kiteki")
            #expect(retrieved.json["id"] as? String == "qwen3.5-max-preview")
        }
    }

    @Test func anImageModelDrawsThroughChatAndTheImagesEndpoint() async throws {
        try await LiveStack.withCatalogue(replayer: try FixtureCorpus.replayer(), configuration: GatewayHarness.configuration()) { port, _, _ in
            let chat = try await Self.chat(port, model: "seedream-5.0-pro", prompt: "A lighthouse at dusk")
            #expect(Self.content(chat.json)?.hasPrefix("![image](http://127.0.0.1:") == true, "\(chat.text)")
            let images = try await Self.request(
                port, "/v1/images/generations", body: #"{"model":"seedream-5.0-pro","prompt":"A lighthouse at dusk","response_format":"b64_json"}"#)
            #expect(images.status == 200, "\(images.text)")
            let first = try #require((images.json["data"] as? [[String: Any]])?.first)
            #expect((first["b64_json"] as? String)?.hasPrefix("iVBORw0KGgo") == true, "a PNG")
        }
    }

    @Test func aSearchAnswerCarriesUrlCitations() async throws {
        try await LiveStack.withCatalogue(replayer: try FixtureCorpus.replayer(), configuration: GatewayHarness.configuration()) { port, _, _ in
            let collected = try await Self.chat(port, model: "claude-sonnet-4-6-search", prompt: "What happened in Swift 6.3?")
            let message = try #require((collected.json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])
            let content = try #require(message["content"] as? String)
            #expect(content == "Swift 6.3 shipped with faster builds. The forums discuss it.")
            let annotations = try #require(message["annotations"] as? [[String: Any]], "\(collected.text)")
            #expect(annotations.count == 2, "the other tool-call delta is not a citation")
            let first = try #require(annotations.first?["url_citation"] as? [String: Any])
            #expect(annotations.first?["type"] as? String == "url_citation")
            #expect(first["url"] as? String == "https://www.swift.org/blog/swift-6.3-released/")
            #expect(first["title"] as? String == "Swift 6.3 Released")
            #expect(first["start_index"] as? Int == 0)
            #expect(first["end_index"] as? Int == content.unicodeScalars.count)
            let second = try #require(annotations.last?["url_citation"] as? [String: Any])
            #expect(second["start_index"] as? Int == "Swift 6.3 shipped with faster builds. ".unicodeScalars.count)

            let streamed = try await Self.chat(port, model: "claude-sonnet-4-6-search", prompt: "What happened in Swift 6.3?", stream: true)
            let transcript = SSETranscript(streamed.text)
            #expect(transcript.violations.isEmpty, "\(transcript.violations)")
            #expect(transcript.content == content)
            #expect(
                streamed.text.contains(
                    #""annotations":[{"type":"url_citation","url_citation":{"url":"https://www.swift.org/blog/swift-6.3-released/""#))
        }
    }

    @Test func aTypoGetsSuggestions() async throws {
        try await LiveStack.withCatalogue(replayer: try FixtureCorpus.replayer(), configuration: GatewayHarness.configuration()) { port, _, _ in
            let answer = try await Self.chat(port, model: "gemini-3.1-pro", prompt: "hi")
            #expect(answer.status == 404)
            let error = try #require(answer.json["error"] as? [String: Any])
            #expect(error["code"] as? String == "model_not_found")
            #expect((error["message"] as? String)?.contains("Did you mean 'gemini-3.1-pro-preview'") == true, "\(answer.text)")
        }
    }

    @Test func theListIsKeptWhenTheCatalogueStartsFailing() async throws {
        let replayer = try FixtureCorpus.replayer()
        try await LiveStack.withCatalogue(replayer: replayer, configuration: GatewayHarness.configuration()) { port, server, transport in
            await #expect(throws: (any Error).self) { try await server.readCatalogue(through: transport) }
            let list = try await Self.request(port, "/v1/models")
            #expect(list.text.contains("gemini-3.1-pro-preview"), "the last good catalogue is still served")
            let ready = try await Self.request(port, "/readyz")
            #expect(ready.status == 200, "a failing catalogue never makes the gateway unready")
            let metrics = try await Self.request(port, "/metrics")
            #expect(metrics.text.contains("lmarena2api_model_catalog_age_seconds"))
            #expect(metrics.text.contains("lmarena2api_models \(server.catalogue.current.models.count)"))
        }
        #expect(replayer.servedCount("catalog/model-catalog.har#1") == 1, "the second read met the failing endpoint")
    }
}
