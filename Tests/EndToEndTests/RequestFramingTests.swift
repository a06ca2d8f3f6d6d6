import Foundation
import MockArena
import ProxyServer
import TestSupport
import Testing

/// Guards against a defect found by an attack run: a chunked body over MAX_REQUEST_BYTES got 500 `NIOTooManyBytesError`
/// instead of 413, and `Transfer-Encoding: identity` got 500.
struct RequestFramingTests {
    static func withGateway(_ body: @Sendable @escaping (Int) async throws -> Void) async throws {
        let configuration = GatewayHarness.configuration { $0.maxRequestBytes = 1024 }
        try await LiveServer.with(
            { running in
                try GatewayHarness.application(
                    configuration: configuration, transport: ReplayTransport(replayer: try FixtureCorpus.replayer()), onServerRunning: running)
            }, body)
    }

    @Test func aChunkedBodyOverTheLimitIs413() async throws {
        try await Self.withGateway { port in
            let piece = String(repeating: "x", count: 1000)
            var request =
                "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            for _ in 0..<4 { request += String(piece.count, radix: 16) + "\r\n" + piece + "\r\n" }
            request += "0\r\n\r\n"
            let answer = try await RawHTTP.exchange(port: port, Array(request.utf8))
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer.prefix(300))")
            #expect(answer.contains(#""code":"request_too_large""#))
        }
    }

    @Test func transferEncodingIdentityIsAClientError() async throws {
        try await Self.withGateway { port in
            let body = #"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"user","content":"Say hello"}]}"#
            let request =
                "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: identity\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            let answer = try await RawHTTP.exchange(port: port, Array(request.utf8))
            let status = Int(answer.dropFirst(9).prefix(3)) ?? 0
            #expect(status == 200 || (400..<500).contains(status), "\(answer.prefix(300))")
        }
    }
}
