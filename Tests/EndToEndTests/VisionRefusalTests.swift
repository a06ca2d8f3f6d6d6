import Foundation
import GatewayCore
import MockArena
import NIOCore
import NIOHTTP1
import ProxyServer
import TestSupport
import Testing

/// Images the gateway refuses, with the status and the part named, before anything goes upstream;
/// and an upload that fails: 502 naming the step, the session untouched.
@Suite(.serialized)
struct VisionRefusalTests {
    typealias E2E = VisionEndToEndTests

    @Test func aModelWithoutImageInputGets400NamingThePartAndTheModel() async throws {
        let replayer = try FixtureCorpus.replayer()
        try await LiveStack.withCatalogue(replayer: replayer, configuration: GatewayHarness.configuration()) { port, _, _ in
            let result = try await E2E.post(port: port, E2E.body(model: "kiteki", imageURL: E2E.dataURL(E2E.png())))
            #expect(result.status == 400)
            let error = E2E.error(result.json)
            #expect(error.code == "model_not_vision")
            #expect(error.param == "messages[0].content[1]")
            #expect(error.message.contains("kiteki") && error.message.contains("messages[0].content[1]"))
        }
        #expect(replayer.servedCount("vision/upload-flow.har#0") == 0, "nothing went upstream")
    }

    @Test func anImageOverMaxImageBytesGets413NamingThePart() async throws {
        let replayer = try FixtureCorpus.replayer()
        // Below the 69 bytes of the lighthouse PNG the image fixtures serve.
        let configuration = GatewayHarness.configuration { $0.maxImageBytes = 64 }
        try await LiveStack.withCatalogue(replayer: replayer, configuration: configuration) { port, server, _ in
            let inline = try await E2E.post(port: port, E2E.body(imageURL: E2E.dataURL(E2E.png(size: 4096))))
            #expect(inline.status == 413)
            #expect(E2E.error(inline.json).code == "image_too_large")
            #expect(E2E.error(inline.json).param == "messages[0].content[1]")
            let download = try await E2E.post(port: port, E2E.body(imageURL: server.configuration.baseURL! + "/images/lighthouse.png"))
            #expect(download.status == 413)
            #expect(E2E.error(download.json).code == "image_too_large")
            #expect(E2E.error(download.json).message.contains("MAX_IMAGE_BYTES"))
        }
        #expect(replayer.uploads.objects.isEmpty, "nothing went up")
    }

    @Test func bytesThatAreNoImageAndBadURLsGet400() async throws {
        let replayer = try FixtureCorpus.replayer()
        try await LiveStack.withCatalogue(replayer: replayer, configuration: GatewayHarness.configuration()) { port, server, _ in
            let text = try await E2E.post(port: port, E2E.body(imageURL: E2E.dataURL(Array("just some text, not a picture".utf8))))
            #expect(text.status == 400)
            #expect(E2E.error(text.json).code == "invalid_image_format")
            let missing = try await E2E.post(port: port, E2E.body(imageURL: server.configuration.baseURL! + "/images/none.png"))
            #expect(missing.status == 400)
            #expect(E2E.error(missing.json).code == "invalid_image_url")
            #expect(E2E.error(missing.json).message.contains("answered HTTP 599"), "MockArena's no-match status, named")
            let scheme = try await E2E.post(port: port, E2E.body(imageURL: "file:///etc/passwd"))
            #expect(scheme.status == 400)
            #expect(E2E.error(scheme.json).param == "messages[0].content[1].image_url.url")
        }
        #expect(replayer.uploads.objects.isEmpty)
    }

    @Test func theDefaultDownloadPolicyRefusesAnImageOnTheGatewaysOwnNetwork() async throws {
        let replayer = try FixtureCorpus.replayer()
        let configuration = GatewayHarness.configuration { $0.imageDownloads = .publicOnly }
        try await LiveStack.withCatalogue(replayer: replayer, configuration: configuration) { port, server, _ in
            let result = try await E2E.post(port: port, E2E.body(imageURL: server.configuration.baseURL! + "/images/lighthouse.png"))
            #expect(result.status == 400)
            #expect(E2E.error(result.json).code == "invalid_image_url")
            #expect(E2E.error(result.json).message.contains("non-public address (127.0.0.1)"))
        }
        #expect(replayer.servedCount("image/lighthouse-png.har#0") == 0, "the image was never fetched")
    }

    @Test func aFailedUploadIs502NamingTheStepAndSparesTheSession() async throws {
        // The catalogue and the answers, but no upload flow: discovery finds no page.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vision-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in ["catalog/model-catalog.har", "catalog/gemini-3.1-pro-preview.har", "vision/screenshot.har"] {
            let target = directory.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: FixtureCorpus.directory.appendingPathComponent(file), to: target)
        }
        let replayer = try FixtureReplayer(directory: directory)
        try await LiveStack.withCatalogue(replayer: replayer, configuration: GatewayHarness.configuration()) { port, _, _ in
            for _ in 0..<3 {
                let result = try await E2E.post(port: port, E2E.body(imageURL: E2E.dataURL(E2E.png())))
                #expect(result.status == 502)
                let error = E2E.error(result.json)
                #expect(error.code == "upload_failed")
                #expect(error.message.contains("discover-actions"), "\(error.message)")
            }
            // The one session is still usable: three failed uploads disabled nothing.
            let text = try await E2E.post(port: port, LiveStack.chatBody(model: E2E.vision, prompt: "What is new in 2026?", stream: false))
            #expect(text.status == 200, "\(text.text)")
        }
    }
}
