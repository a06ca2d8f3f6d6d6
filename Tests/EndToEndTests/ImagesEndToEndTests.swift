import AsyncHTTPClient
import Foundation
import Logging
import MockArena
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

/// Images over real sockets: concurrent generations, and downloads from MockArena for b64_json.
struct ImagesEndToEndTests {
    @Test func nGenerationsRunConcurrentlyAndImagesAreDownloaded() async throws {
        let replayer = try FixtureCorpus.replayer()
        let body = #"{"prompt":"A lighthouse at dawn, watercolor","n":4,"response_format":"b64_json"}"#
        // Real timing beside the parallel suites: an idle timeout well above any gap of the fixture.
        let data = try await LiveStack.with(
            replayer: replayer, speed: 1, configuration: GatewayHarness.configuration(), timeouts: LiveStack.Timeouts(idle: .seconds(10))
        ) { port in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/images/generations")
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: body))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(response.status == .ok)
            return try await response.body.collect(upTo: 1 << 20)
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: data).utf8)) as? [String: Any])
        let items = try #require(object["data"] as? [[String: Any]])
        #expect(items.count == 4)
        #expect(items.allSatisfy { ($0["b64_json"] as? String).flatMap { Data(base64Encoded: $0) }?.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]) })
        #expect(replayer.servedCount("image/single-image.har#0") == 4)
        #expect(replayer.servedCount("image/lighthouse-png.har#0") == 4, "each image downloaded from MockArena")
        #expect(replayer.peakConcurrentReplays(of: "image/single-image.har#0") == 4, "the four generations were streaming at the same time")
    }
}
