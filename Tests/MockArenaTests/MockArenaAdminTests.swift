import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MockArena
import NIOCore
import TestSupport
import Testing

/// MockArena's admin endpoints: health, unserved fixtures (for pruning), reset.
struct MockArenaAdminTests {
    @Test func unservedFixturesAreReportedAndResetStartsOver() async throws {
        let replayer = try FixtureCorpus.replayer()
        let total = replayer.store.entries.count
        let app = Application(router: MockArenaServer.router(replayer: replayer, speed: 0, logger: Logger(label: "mock")))
        try await app.test(.router) { client in
            func unserved() async throws -> [String] {
                let response = try await client.execute(uri: "/_mockarena/unserved", method: .get)
                let object = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: [String]]
                return object?["unserved"] ?? []
            }
            #expect(try await unserved().count == total)
            let body = #"{"modelAId":"14e9311c-94d2-40c2-8c54-273947e208b0","modality":"chat","userMessage":{"content":"Say hello"}}"#
            let served = try await client.execute(uri: "/nextjs-api/stream/create-evaluation", method: .post, body: ByteBuffer(string: body))
            #expect(served.status == .ok)
            #expect(served.headers[.connection] == "close")
            let after = try await unserved()
            #expect(after.count == total - 1 && !after.contains("chat/short.har#0"))
            let health = try await client.execute(uri: "/_mockarena/health", method: .get)
            #expect(String(buffer: health.body).contains("\"entries\":\(total)"))
            _ = try await client.execute(uri: "/_mockarena/reset", method: .post)
            #expect(try await unserved().count == total)
            let miss = try await client.execute(uri: "/nextjs-api/stream/create-evaluation", method: .post, body: ByteBuffer(string: "{}"))
            #expect(miss.status.code == 599)
            #expect(miss.headers[.contentType] == "application/json")
        }
    }
}
