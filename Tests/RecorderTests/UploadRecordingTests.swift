import ArenaWire
import Foundation
import GatewayCore
import Logging
import NIOCore
import NIOHTTP1
import Recorder
import Testing

/// lmarena's side of an image upload, scripted by method and path, with signed URLs whose
/// signatures a fixture must never keep.
struct ScriptedUploadSite: ArenaTransport {
    static let uploadSignature = "f00dfeedf00dfeedf00dfeed0123"
    static let readSignature = "cafebabecafebabecafebabe4567"
    static let credential = "AKIAFIXTUREKEY%2F20261128%2Fauto%2Fs3%2Faws4_request"

    func send(_ request: ArenaRequest) async throws -> ArenaResponse {
        func answer(_ status: Int, _ chunks: [String], type: String = "text/x-component") -> ArenaResponse {
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: type)
            return ArenaResponse(status: status, headers: headers, body: ArenaBody(chunks: chunks.map { ByteBuffer(string: $0) }))
        }
        let query = "X-Amz-Credential=\(Self.credential)&X-Amz-Date=20261128T100000Z&X-Amz-Expires=600&X-Amz-Signature="
        switch (request.method, request.path, request.headers.first(name: "next-action")) {
        case (.GET, "/", _):
            return answer(200, [#"<html><script src="/_next/static/chunks/app/page-1.js"></script></html>"#], type: "text/html")
        case (.GET, "/_next/static/chunks/app/page-1.js", _):
            return answer(
                200,
                [
                    #"(0,r.createServerReference)("7f3a9c2e41d0b8f6a5e4c3b2a1908f7e6d5c4b3a21",r.callServer,void 0,r.findSourceMapURL,"generateUploadUrl");"#
                        + #"(0,r.createServerReference)("40b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0",r.callServer,void 0,r.findSourceMapURL,"getSignedUrl")"#
                ])
        case (.POST, "/", "7f3a9c2e41d0b8f6a5e4c3b2a1908f7e6d5c4b3a21"?):
            // The signature is split across two reads, as a network may split it.
            let reply =
                "0:{\"a\":\"$@1\"}\n1:{\"success\":true,\"data\":{\"uploadUrl\":\"https://storage.example/b/k1?\(query)\(Self.uploadSignature)\",\"key\":\"k1\"}}\n"
            let cut = reply.index(reply.firstRange(of: Self.uploadSignature)!.lowerBound, offsetBy: 6)
            return answer(200, [String(reply[..<cut]), String(reply[cut...])])
        case (.PUT, "/b/k1", _):
            return answer(200, [], type: "text/plain")
        case (.POST, "/", "40b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0"?):
            return answer(
                200,
                [
                    "1:{\"success\":true,\"data\":{\"url\":\"https://storage.example/b/k1?\(query.replacingOccurrences(of: "600", with: "3600"))\(Self.readSignature)\"}}\n"
                ])
        default:
            return answer(404, ["Server action not found."], type: "text/plain")
        }
    }
}

/// Recording the three steps of an upload: every exchange is kept, the signature parts of the
/// signed URLs and the image bytes are not.
struct UploadRecordingTests {
    @Test func theUploadIsRecordedWithoutSignaturesOrImageBytes() async throws {
        let directory = RedactionTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorder = RecordingTransport(
            base: ScriptedUploadSite(), writer: try FixtureWriter(directory: directory), redactor: Redactor(), dialect: .v2,
            logger: Logger(label: "t"))
        let uploader = AttachmentUploader(transport: recorder, builder: ArenaRequestBuilder(dialect: .v2), stepTimeout: .seconds(5))
        let bytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: UInt8(0xAB), count: 4000)
        let image = PreparedImage(bytes: ByteBuffer(bytes: bytes), format: .png, number: 1, param: "messages[0].content[1]")
        let attachments = try await uploader.attachments(for: [image], session: nil)
        #expect(attachments.first?.url.hasSuffix(ScriptedUploadSite.readSignature) == true, "the gateway itself gets the whole URL")

        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }.filter {
            $0.pathExtension == "har"
        }
        #expect(files.count == 5, "page, chunk, generateUploadUrl, PUT, getSignedUrl")
        let everything = try RedactionTests.everything(under: directory)
        for secret in [ScriptedUploadSite.uploadSignature, ScriptedUploadSite.readSignature, "f00dfe", "AKIAFIXTUREKEY"] {
            #expect(!everything.contains(secret), "\(secret) reached a fixture")
        }
        #expect(everything.contains("X-Amz-Signature=REDACTED"))
        #expect(everything.contains("(4008 bytes of image/png, sha256 \(image.digest): not kept)"))
        #expect(!everything.contains(Data(bytes.suffix(30)).base64EncodedString()), "no image bytes in any form")
    }
}
