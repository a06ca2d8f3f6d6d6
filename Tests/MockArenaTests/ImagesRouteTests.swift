import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockArena
import NIOCore
import TestSupport
import Testing

struct ImagesRouteTests {
    static let json: HTTPFields = [.contentType: "application/json"]
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func generate(_ body: String) async throws -> (status: Int, object: [String: Any]) {
        let app = try GatewayHarness.application(
            configuration: GatewayHarness.configuration(), transport: ReplayTransport(replayer: try FixtureCorpus.replayer()))
        return try await app.test(.router) { client in
            let response = try await client.execute(uri: "/v1/images/generations", method: .post, headers: Self.json, body: ByteBuffer(string: body))
            let object = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any] ?? [:]
            return (Int(response.status.code), object)
        }
    }

    @Test func urlsByDefault() async throws {
        let (status, object) = try await Self.generate(#"{"prompt":"A lighthouse at dawn, watercolor","model":"dall-e-3"}"#)
        #expect(status == 200)
        #expect(object["created"] is Int)
        let data = try #require(object["data"] as? [[String: Any]])
        #expect(data.count == 1)
        #expect(data[0]["url"] as? String == "http://mockarena.invalid/images/lighthouse.png")
    }

    @Test func base64FetchesTheImageBytes() async throws {
        let (status, object) = try await Self.generate(
            #"{"prompt":"A lighthouse at dawn, watercolor","n":2,"size":"1024x1024","response_format":"b64_json"}"#)
        #expect(status == 200)
        let data = try #require(object["data"] as? [[String: Any]])
        #expect(data.count == 2, "n generations, the default model being dall-e-3")
        for item in data {
            let bytes = try #require((item["b64_json"] as? String).flatMap { Data(base64Encoded: $0) })
            #expect(Array(bytes.prefix(8)) == Self.pngSignature)
        }
    }

    @Test(arguments: [
        (#"{"model":"dall-e-3"}"#, 400, "prompt"),
        (#"{"prompt":"   "}"#, 400, "prompt"),
        (#"{"prompt":"x","n":0}"#, 400, "n"),
        (#"{"prompt":"x","n":11}"#, 400, "n"),
        (#"{"prompt":"x","n":1.5}"#, 400, "n"),
        (#"{"prompt":"x","n":"2"}"#, 400, "n"),
        (#"{"prompt":"x","size":"100x100"}"#, 400, "size"),
        (#"{"prompt":"x","response_format":"gif"}"#, 400, "response_format"),
        (#"{"prompt":"x","model":"gpt-4.1-2025-04-14"}"#, 400, "model"),
        (#"{"prompt":"x","model":"no-such-model"}"#, 404, "model"),
    ])
    func badRequestsNameTheField(body: String, status: Int, param: String) async throws {
        let (answered, object) = try await Self.generate(body)
        #expect(answered == status)
        #expect((object["error"] as? [String: Any])?["param"] as? String == param)
    }

    @Test func aModelThatAnswersWithTextIsAnError() async throws {
        let (status, object) = try await Self.generate(#"{"prompt":"Describe a lighthouse instead of drawing it"}"#)
        #expect(status == 502)
        let error = try #require(object["error"] as? [String: Any])
        #expect(error["code"] as? String == "no_image")
        #expect((error["message"] as? String)?.contains("I cannot draw that.") == true)
    }
}
