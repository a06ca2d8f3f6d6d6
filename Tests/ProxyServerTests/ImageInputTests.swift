import Foundation
import NIOCore
import Testing

@testable import ArenaWire
@testable import GatewayCore
@testable import OpenAISurface
@testable import ProxyServer

/// Image parts as clients send them: parsed with their place in the request, read and recognised
/// by their bytes, refused with the right status and the part named; and how they go upstream.
struct ImageInputTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 100)

    static func request(_ messages: [[String: Any]]) throws(OpenAIError) -> ChatCompletionRequest {
        let data = try! JSONSerialization.data(withJSONObject: ["model": "m", "messages": messages])
        return try ChatCompletionRequest.decode(ByteBuffer(bytes: data))
    }

    static func dataURL(_ bytes: [UInt8], type: String = "image/png") -> String {
        "data:\(type);base64," + Data(bytes).base64EncodedString()
    }

    @Test func formatsAreRecognisedByTheirBytes() {
        #expect(ImageFormat.sniff(Self.png) == .png)
        #expect(ImageFormat.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageFormat.sniff(Array("GIF89a...".utf8)) == .gif)
        #expect(ImageFormat.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == .webp)
        #expect(ImageFormat.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8)) == nil)
        #expect(ImageFormat.sniff(Array("<svg>".utf8)) == nil)
        #expect(ImageFormat.sniff([0x89, 0x50]) == nil)
    }

    @Test func imagePartsKeepTheirPlaceInTheRequest() throws {
        let chat = try Self.request([
            ["role": "system", "content": "Be brief."],
            [
                "role": "user",
                "content": [
                    ["type": "text", "text": "What is this?"],
                    ["type": "image_url", "image_url": ["url": "https://img.example/a.png", "detail": "low"]],
                    ["type": "image_url", "image_url": "https://img.example/b.png"],
                ],
            ],
        ])
        #expect(chat.messages[1].text == "What is this?")
        #expect(
            chat.messages[1].images == [
                ImageReference(url: "https://img.example/a.png", param: "messages[1].content[1]"),
                ImageReference(url: "https://img.example/b.png", param: "messages[1].content[2]"),
            ])
    }

    @Test func malformedImagePartsAreRefusedNamingTheParam() {
        func refusal(_ part: [String: Any], role: String = "user") -> OpenAIError? {
            do {
                _ = try Self.request([["role": role, "content": [part]]])
                return nil
            } catch {
                return error
            }
        }
        let inSystem = refusal(["type": "image_url", "image_url": ["url": "https://x/a.png"]], role: "system")
        #expect(inSystem?.param == "messages[0].content[0]" && inSystem?.message.contains("role 'user'") == true)
        #expect(refusal(["type": "image_url", "image_url": ["url": "ftp://x/a.png"]])?.code?.rawValue == "invalid_image_url")
        #expect(
            refusal(["type": "image_url", "image_url": ["url": "https://x", "detail": "ultra"]])?.param == "messages[0].content[0].image_url.detail")
        #expect(refusal(["type": "image_url", "image_url": [:]])?.param == "messages[0].content[0].image_url.url")
        #expect(refusal(["type": "input_image", "file_id": "file-1"])?.param == "messages[0].content[0].file_id")
        #expect(refusal(["type": "input_audio", "input_audio": [:]])?.code?.rawValue == "unsupported_content_type")
    }

    @Test func theIntakeDecodesChecksAndNumbersImages() async throws {
        let intake = ImageIntake(maxBytes: 200, fetchTimeout: .seconds(1), fetcher: nil)
        var first = ChatMessage(role: .user, text: "a")
        first.images = [ImageReference(url: Self.dataURL(Self.png), param: "messages[0].content[1]")]
        var second = ChatMessage(role: .user, text: "b")
        second.images = [ImageReference(url: Self.dataURL([0xFF, 0xD8, 0xFF, 0xDB, 1, 2, 3], type: "image/png"), param: "messages[2].content[0]")]
        let prepared = try await intake.prepare([first, ChatMessage(role: .assistant, text: "ok"), second].flatMap(\.images))
        #expect(prepared.map(\.name) == ["image-1.png", "image-2.jpg"], "the bytes decide the format, not the declared type")
        #expect(prepared[0].bytes == ByteBuffer(bytes: Self.png))
        #expect(prepared[0].digest == PreparedImage.sha256(ByteBuffer(bytes: Self.png)))
        #expect(prepared[1].format.mimeType == "image/jpeg")
    }

    @Test func theIntakeRefusesWithStatusesAndParams() async {
        let intake = ImageIntake(maxBytes: 200, fetchTimeout: .seconds(1), fetcher: nil)
        func refusal(_ url: String) async -> OpenAIError? {
            var message = ChatMessage(role: .user, text: "")
            message.images = [ImageReference(url: url, param: "messages[0].content[0]")]
            do {
                _ = try await intake.prepare(message.images)
                return nil
            } catch {
                return OpenAIError(error)
            }
        }
        let large = await refusal(Self.dataURL(Self.png + Array(repeating: 1, count: 300)))
        #expect(large?.status == 413 && large?.code?.rawValue == "image_too_large" && large?.param == "messages[0].content[0]")
        #expect(await refusal("data:image/png,rawtext")?.message.contains("must be base64") == true)
        #expect(await refusal("data:image/png;base64")?.code?.rawValue == "invalid_image_url")
        #expect(await refusal("data:image/png;base64,!!!!")?.code?.rawValue == "invalid_image_url")
        #expect(await refusal(Self.dataURL(Array("hello".utf8)))?.code?.rawValue == "invalid_image_format")
        #expect(await refusal("https://img.example/a.png")?.message.contains("downloads no image URLs") == true)
        var many = ChatMessage(role: .user, text: "")
        many.images = (0...ImageIntake.maxImages).map { ImageReference(url: Self.dataURL(Self.png), param: "messages[0].content[\($0)]") }
        await #expect(throws: ImageRefusal.self) { _ = try await intake.prepare(many.images) }
    }

    /// A downloader that answers every URL the same way.
    struct StubFetcher: ImageFetcher {
        let answer: Result<[UInt8], ImageFetchFailure>

        func fetch(_ url: String, limit: Int, within timeout: Duration?) async throws(ImageFetchFailure) -> ByteBuffer {
            switch answer {
            case .success(let bytes):
                guard bytes.count <= limit else { throw .tooLarge(bytes.count) }
                return ByteBuffer(bytes: bytes)
            case .failure(let failure): throw failure
            }
        }
    }

    @Test func theIntakeDownloadsThroughTheOneFetcherAndSaysWhatWentWrong() async throws {
        func intake(_ answer: Result<[UInt8], ImageFetchFailure>) -> ImageIntake {
            ImageIntake(maxBytes: 200, fetchTimeout: .seconds(1), fetcher: StubFetcher(answer: answer), policy: .any)
        }
        let reference = ImageReference(url: "https://img.example/a.png", param: "messages[0].content[1]")
        let prepared = try await intake(.success(Self.png)).prepare([reference])
        #expect(prepared.first?.bytes == ByteBuffer(bytes: Self.png))
        func refusal(_ failure: ImageFetchFailure) async -> ImageRefusal? {
            do {
                _ = try await intake(.failure(failure)).prepare([reference])
                return nil
            } catch {
                return error
            }
        }
        #expect(await refusal(.status(404))?.message.contains("answered HTTP 404") == true)
        #expect(await refusal(.timedOut(.seconds(1)))?.message.contains("IMAGE_FETCH_TIMEOUT") == true)
        #expect(await refusal(.transport("connection refused"))?.message.contains("failed: connection refused") == true)
        let large = await refusal(.tooLarge(5_000))
        #expect(large?.reason == .tooLarge && large?.code == "image_too_large" && large?.message.contains("5000 bytes") == true)
        #expect(await intake(.success(Self.png + Array(repeating: 0, count: 300))).prepareRefusal([reference])?.reason == .tooLarge)
    }

    @Test func thePublicPolicyRefusesHostsOnInnerAddresses() async {
        for inner in [
            "127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1",
            "::ffff:127.0.0.1", "224.0.0.1",
        ] {
            #expect(!ImageDownloadPolicy.isPublic(inner), "\(inner)")
        }
        for outer in ["93.184.216.34", "8.8.8.8", "2606:4700::6810:85e5", "172.32.0.1"] {
            #expect(ImageDownloadPolicy.isPublic(outer), "\(outer)")
        }
        #expect(await ImageDownloadPolicy.publicOnly.refusal(of: "http://127.0.0.1:8080/a.png")?.contains("non-public address") == true)
        #expect(await ImageDownloadPolicy.publicOnly.refusal(of: "http://[::1]/a.png") != nil)
        #expect(await ImageDownloadPolicy.publicOnly.refusal(of: "http://localhost/a.png") != nil)
        #expect(await ImageDownloadPolicy.publicOnly.refusal(of: "https://93.184.216.34/a.png") == nil)
        #expect(await ImageDownloadPolicy.any.refusal(of: "http://127.0.0.1/a.png") == nil)
        #expect(await ImageDownloadPolicy.off.refusal(of: "https://93.184.216.34/a.png")?.contains("IMAGE_DOWNLOADS=off") == true)
    }
}

extension ImageIntake {
    /// The refusal `prepare` throws, `nil` when it prepares the images.
    fileprivate func prepareRefusal(_ references: [ImageReference]) async -> ImageRefusal? {
        do {
            _ = try await prepare(references)
            return nil
        } catch {
            return error
        }
    }
}
