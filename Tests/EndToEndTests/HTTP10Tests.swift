import Foundation
import MockArena
import TestSupport
import Testing

/// Guards against a defect found by an attack run: an HTTP/1.0 stream got `Transfer-Encoding: chunked`, an HTTP/1.0
/// request without keep-alive was not closed after its answer, and a stream with a pipelined
/// request behind it said `Connection: close` but left the socket open.
struct HTTP10Tests {
    static let streamBody = #"{"model":"gpt-4.1-2025-04-14","stream":true,"messages":[{"role":"user","content":"Say hello"}]}"#

    static func post(_ version: String, _ body: String, extra: String = "") -> String {
        "POST /v1/chat/completions \(version)\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\(extra)\r\n\(body)"
    }

    /// The answer's text and how long the server took to close the connection.
    static func exchange(_ port: Int, _ request: String) async throws -> (text: String, took: Duration) {
        let start = ContinuousClock.now
        let text = try await RawHTTP.exchange(port: port, Array(request.utf8), seconds: 6)
        return (text, start.duration(to: .now))
    }

    static func withGateway(_ body: @Sendable @escaping (Int) async throws -> Void) async throws {
        try await LiveServer.with(
            { running in
                try GatewayHarness.application(
                    configuration: GatewayHarness.configuration(), transport: ReplayTransport(replayer: try FixtureCorpus.replayer()),
                    onServerRunning: running)
            }, body)
    }

    @Test func anHTTP10StreamIsNotChunkedAndEndsWithTheConnection() async throws {
        try await Self.withGateway { port in
            let (text, took) = try await Self.exchange(port, Self.post("HTTP/1.0", Self.streamBody))
            #expect(text.hasPrefix("HTTP/1.0 200"), "\(text.prefix(200))")
            #expect(!text.lowercased().contains("transfer-encoding"), "\(text.prefix(400))")
            #expect(text.contains("data: [DONE]"))
            // Unchunked, the body is the frames themselves: no chunk-size lines between them.
            #expect(text.contains("}\n\ndata: {"), "\(text.prefix(600))")
            #expect(took < .seconds(4), "the connection stayed open \(took)")
        }
    }

    @Test func anHTTP10RequestWithoutKeepAliveIsClosedAfterItsAnswer() async throws {
        try await Self.withGateway { port in
            let (text, took) = try await Self.exchange(port, "GET /v1/models HTTP/1.0\r\nHost: x\r\n\r\n")
            #expect(text.hasPrefix("HTTP/1.0 200"), "\(text.prefix(200))")
            #expect(text.lowercased().contains("connection: close"))
            #expect(took < .seconds(4), "the connection stayed open \(took)")
        }
    }

    @Test func anHTTP10RequestAskingForKeepAliveKeepsItsConnection() async throws {
        try await Self.withGateway { port in
            let request = "GET /v1/models HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"
            let (text, took) = try await Self.exchange(port, request + request)
            #expect(text.hasPrefix("HTTP/1.0 200"), "\(text.prefix(200))")
            #expect(text.lowercased().contains("connection: keep-alive"))
            #expect(text.components(separatedBy: "HTTP/1.0 200").count == 3, "both requests are answered on the connection")
            #expect(took >= .seconds(5), "the connection is kept")
        }
    }

    @Test func aStreamWithAPipelinedRequestBehindItClosesAsItSays() async throws {
        try await Self.withGateway { port in
            let (text, took) = try await Self.exchange(port, Self.post("HTTP/1.1", Self.streamBody) + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(text.hasPrefix("HTTP/1.1 200"), "\(text.prefix(200))")
            #expect(text.lowercased().contains("connection: close"))
            #expect(text.contains("data: [DONE]"))
            #expect(took < .seconds(4), "the connection stayed open \(took) after an answer that said Connection: close")
        }
    }
}
