import ArenaWire
import AsyncHTTPClient
import Foundation
import MockArena
import NIOCore
import NIOHTTP1
import ProxyServer
import TestSupport
import Testing

/// Images through the real servers: the gateway reads the catalogue from MockArena, takes an
/// `image_url` part, discovers the upload actions from MockArena's page and chunk, uploads the
/// bytes to MockArena's upload store, and sends the signed URL as the attachment MockArena checks.
@Suite(.serialized)
struct VisionEndToEndTests {
    static let vision = "gemini-3.1-pro-preview"
    static let prompt = "What is in this screenshot?"
    static let answer = "A terminal window showing a passing test run."

    /// A PNG-signed image of `size` bytes whose content depends on `seed`.
    static func png(size: Int = 3000, seed: UInt8 = 1) -> [UInt8] {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        return signature + (0..<(size - signature.count)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    static func dataURL(_ bytes: [UInt8], type: String = "image/png") -> String {
        "data:\(type);base64," + Data(bytes).base64EncodedString()
    }

    static func body(model: String = vision, text: String = prompt, imageURL: String, stream: Bool = false) -> String {
        let content: [[String: Any]] = [["type": "text", "text": text], ["type": "image_url", "image_url": ["url": imageURL, "detail": "auto"]]]
        let object: [String: Any] = ["model": model, "stream": stream, "messages": [["role": "user", "content": content]]]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    static func post(port: Int, path: String = "/v1/chat/completions", _ body: String) async throws -> (
        status: Int, json: [String: Any], text: String
    ) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 22))
        let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
        return (Int(response.status.code), json, text)
    }

    static func content(_ json: [String: Any]) -> String? {
        ((json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String
    }

    static func error(_ json: [String: Any]) -> (code: String?, param: String?, message: String) {
        let error = json["error"] as? [String: Any] ?? [:]
        return (error["code"] as? String, error["param"] as? String, error["message"] as? String ?? "")
    }

    @Test func aDataURLScreenshotArrivesIntactAndTheAnswerStreams() async throws {
        let replayer = try FixtureCorpus.replayer()
        let image = Self.png()
        try await LiveStack.withCatalogue(replayer: replayer, configuration: GatewayHarness.configuration()) { port, _, _ in
            let result = try await LiveStack.post(port: port, body: Self.body(imageURL: Self.dataURL(image), stream: true))
            #expect(result.status == 200)
            let streamed = result.reads.map(\.text).joined()
            let pieces = streamed.split(separator: "\n").filter { $0.hasPrefix("data: {") }.compactMap { line -> String? in
                let object = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any]
                return ((object?["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String
            }
            #expect(pieces.joined() == Self.answer)
            #expect(streamed.contains("data: [DONE]"))
        }
        let attachments = replayer.uploads.attachments
        #expect(attachments.count == 1)
        #expect(attachments.first?.sha256 == PreparedImage.sha256(ByteBuffer(bytes: image)), "the bytes MockArena holds are the client's")
        #expect(attachments.first?.contentType == "image/png")
        #expect(attachments.first?.name == "image-1.png")
        #expect(replayer.servedCount("vision/upload-flow.har#0") == 1, "the page was read once to discover the actions")
    }

    @Test func anHTTPImageURLIsDownloadedAndUploaded() async throws {
        let replayer = try FixtureCorpus.replayer()
        try await LiveStack.withCatalogue(replayer: replayer, configuration: GatewayHarness.configuration()) { port, server, _ in
            // The lighthouse PNG of the image fixtures, served by MockArena itself.
            let imageURL = server.configuration.baseURL! + "/images/lighthouse.png"
            let original = try await HTTPClient.shared.execute(HTTPClientRequest(url: imageURL), timeout: .seconds(10)).body.collect(upTo: 1 << 20)
            let result = try await Self.post(port: port, Self.body(imageURL: imageURL))
            #expect(result.status == 200, "\(result.text)")
            #expect(Self.content(result.json) == Self.answer)
            #expect(replayer.uploads.attachments.map(\.sha256) == [PreparedImage.sha256(original)])
        }
    }

    @Test func staleActionIDsAreDiscoveredOnceAndTheRequestStillSucceeds() async throws {
        let replayer = try FixtureCorpus.replayer()
        let configuration = GatewayHarness.configuration {
            $0.generateUploadURLAction = "7f00000000000000000000000000000000000000de"
            $0.getSignedURLAction = "4000000000000000000000000000000000000000de"
        }
        try await LiveStack.withCatalogue(replayer: replayer, configuration: configuration) { port, _, _ in
            let first = try await Self.post(port: port, Self.body(imageURL: Self.dataURL(Self.png(seed: 2))))
            #expect(first.status == 200, "\(first.text)")
            #expect(Self.content(first.json) == Self.answer)
            let second = try await Self.post(port: port, Self.body(imageURL: Self.dataURL(Self.png(seed: 3))))
            #expect(second.status == 200, "\(second.text)")
        }
        #expect(replayer.servedCount("vision/upload-flow.har#5") == 1, "the pinned generateUploadUrl id was tried once")
        #expect(replayer.servedCount("vision/upload-flow.har#0") == 1, "one discovery, kept for the next request")
        #expect(replayer.servedCount("vision/upload-flow.har#6") == 0, "the discovery replaced both ids")
        #expect(replayer.uploads.attachments.count == 2)
    }

    @Test func theSameImageTwiceIsUploadedOnceWhileItsSignedURLIsGood() async throws {
        let replayer = try FixtureCorpus.replayer()
        let image = Self.dataURL(Self.png(seed: 4))
        try await LiveStack.withCatalogue(replayer: replayer, configuration: GatewayHarness.configuration()) { port, _, _ in
            for _ in 0..<2 {
                let result = try await Self.post(port: port, Self.body(imageURL: image))
                #expect(result.status == 200, "\(result.text)")
            }
        }
        #expect(replayer.servedCount("vision/upload-flow.har#3") == 1, "generateUploadUrl was called once")
        #expect(replayer.uploads.objects.count == 1)
        let keys = replayer.uploads.attachments.map(\.key)
        #expect(keys.count == 2 && keys[0] == keys[1], "both requests point at the one upload")
    }

    @Test func imagesOfEarlierTurnsGoUpWithTheOneUserMessageInOrder() async throws {
        let replayer = try FixtureCorpus.replayer()
        let (a, b) = (Self.png(seed: 5), Self.png(seed: 6))
        let messages: [[String: Any]] = [
            [
                "role": "user",
                "content": [["type": "text", "text": "Look at this."], ["type": "image_url", "image_url": ["url": Self.dataURL(a)]]],
            ],
            ["role": "assistant", "content": "A terminal with passing tests."],
            ["role": "user", "content": [["type": "image_url", "image_url": ["url": Self.dataURL(b)]], ["type": "text", "text": "And now?"]]],
        ]
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["model": Self.vision, "messages": messages]), as: UTF8.self)
        try await LiveStack.withCatalogue(replayer: replayer, configuration: GatewayHarness.configuration()) { port, _, _ in
            let result = try await Self.post(port: port, body)
            #expect(result.status == 200, "\(result.text)")
            #expect(Self.content(result.json) == "The second image shows the same terminal, now with one failure.")
        }
        #expect(replayer.servedCount("vision/screenshot.har#1") == 1, "the transcript marked [Image 1] and [Image 2]")
        #expect(replayer.uploads.attachments.map(\.sha256) == [a, b].map { PreparedImage.sha256(ByteBuffer(bytes: $0)) })
        #expect(replayer.uploads.attachments.map(\.name) == ["image-1.png", "image-2.png"])
    }

    @Test func theResponsesAPITakesInputImage() async throws {
        let replayer = try FixtureCorpus.replayer()
        let image = Self.png(seed: 7)
        let input: [[String: Any]] = [
            [
                "role": "user",
                "content": [
                    ["type": "input_text", "text": Self.prompt], ["type": "input_image", "image_url": Self.dataURL(image), "detail": "high"],
                ],
            ]
        ]
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["model": Self.vision, "input": input]), as: UTF8.self)
        try await LiveStack.withCatalogue(replayer: replayer, configuration: GatewayHarness.configuration()) { port, _, _ in
            let result = try await Self.post(port: port, path: "/v1/responses", body)
            #expect(result.status == 200, "\(result.text)")
            #expect(result.json["output_text"] as? String == Self.answer || result.text.contains(Self.answer))
        }
        #expect(replayer.uploads.attachments.map(\.sha256) == [PreparedImage.sha256(ByteBuffer(bytes: image))])
    }
}
