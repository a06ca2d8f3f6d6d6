import ArenaWire
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import ProxyServer
import TestSupport
import Testing

/// An upstream (or an outbound proxy) that echoes the request's Cookie header back in its error
/// body: the credentials must reach neither the client nor the log.
struct UpstreamEchoRedactionTests {
    /// Answers every request with `status` and a body quoting its cookies.
    struct EchoingTransport: ArenaTransport {
        let status: Int
        let contentType: String

        func send(_ request: ArenaRequest) async throws -> ArenaResponse {
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: contentType)
            let cookie = request.headers.first(name: "cookie") ?? ""
            let body =
                contentType.hasPrefix("application/json")
                ? #"{"error":"bad request from cookie=\#(cookie)"}"# : "bad request from cookie=\(cookie)"
            return ArenaResponse(status: status, headers: headers, body: ArenaBody(chunks: [ByteBuffer(string: body)]))
        }
    }

    static let sessionValue = "base64-eyJzZWNyZXQtc2Vzc2lvbiI6dHJ1ZX0"
    static let clearance = "cf-clearance-secret-value-0123456789"

    @Test(arguments: [(500, "text/plain"), (500, "application/json"), (401, "application/json"), (403, "application/json")])
    func echoedCookiesAreRedactedForClientAndLog(status: Int, contentType: String) async throws {
        let logs = LogCapture()
        let configuration = GatewayHarness.configuration {
            $0.sessions = ArenaSession.parseList(Self.sessionValue)
            $0.cfClearance = Self.clearance
        }
        let app = try GatewayHarness.application(
            configuration: configuration, transport: EchoingTransport(status: status, contentType: contentType), logger: logs.logger(level: .debug))
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"user","content":"hi"}]}"#))
            let body = String(buffer: response.body)
            #expect(response.status.code >= 400)
            #expect(body.contains("bad request from cookie=") || body.contains("no_usable_session"), "\(body)")
            #expect(!body.contains(Self.sessionValue), "\(body)")
            #expect(!body.contains(Self.clearance), "\(body)")
        }
        let log = logs.messages.joined(separator: "\n")
        #expect(!log.isEmpty)
        #expect(!log.contains(Self.sessionValue), "the session cookie reached the log")
        #expect(!log.contains(Self.clearance), "cf_clearance reached the log")
    }
}
