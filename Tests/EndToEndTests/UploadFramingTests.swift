import Foundation
import Logging
import MockArena
import NIOCore
import NIOPosix
import ProxyServer
import Synchronization
import TestSupport
import Testing

/// Guards against defects found by an attack run: `Expect: 100-continue` was never answered (curl waited a second
/// before every upload over 1 MiB), and a client that left mid-upload logged an ERROR.
struct UploadFramingTests {
    static func withGateway(logger: Logger? = nil, _ body: @Sendable @escaping (Int) async throws -> Void) async throws {
        let configuration = GatewayHarness.configuration { $0.maxRequestBytes = 4096 }
        try await LiveServer.with(
            { running in
                try GatewayHarness.application(
                    configuration: configuration, transport: ReplayTransport(replayer: try FixtureCorpus.replayer()), logger: logger,
                    onServerRunning: running)
            }, body)
    }

    /// What a connection received so far, and whether it ended.
    final class Received: Sendable {
        let state = Mutex((text: "", ended: false))
        var text: String { state.withLock { $0.text } }
        var ended: Bool { state.withLock { $0.ended } }

        /// Waits up to `seconds` for `condition`.
        func wait(seconds: Int, until condition: (String, Bool) -> Bool) async {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while ContinuousClock.now < deadline, !state.withLock({ condition($0.text, $0.ended) }) {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// Sends `head`, waits (up to 5 s) for what the server says before the body, then sends `body`
    /// (nil: closes instead) and reads the rest until the server closes or 5 s pass.
    static func converse(port: Int, head: String, body: String?) async throws -> (beforeBody: String, all: String) {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
        let received = Received()
        return try await channel.executeThenClose { inbound, outbound in
            let reading = Task {
                do {
                    for try await chunk in inbound { received.state.withLock { $0.text += String(buffer: chunk) } }
                } catch {}
                received.state.withLock { $0.ended = true }
            }
            try await outbound.write(ByteBuffer(string: head))
            await received.wait(seconds: 5) { text, ended in text.contains("\r\n\r\n") || ended }
            let before = received.text
            if let body {
                try await outbound.write(ByteBuffer(string: body))
                await received.wait(seconds: 5) { _, ended in ended }
            }
            reading.cancel()
            return (before, received.text)
        }
    }

    static let body = #"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"user","content":"Say hello"}]}"#

    @Test func expect100ContinueIsAnsweredBeforeTheBody() async throws {
        try await Self.withGateway { port in
            let head =
                "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                + "Content-Length: \(Self.body.utf8.count)\r\nConnection: close\r\n\r\n"
            let answer = try await Self.converse(port: port, head: head, body: Self.body)
            #expect(answer.beforeBody.hasPrefix("HTTP/1.1 100 Continue\r\n"), "\(answer.beforeBody.prefix(200))")
            #expect(answer.all.contains("HTTP/1.1 200 OK"), "\(answer.all.prefix(400))")
            #expect(answer.all.contains("Hello"))
        }
    }

    @Test func aDeclaredBodyOverTheLimitGets413AndNo100() async throws {
        try await Self.withGateway { port in
            let head =
                "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                + "Content-Length: 100000\r\nConnection: close\r\n\r\n"
            let answer = try await Self.converse(port: port, head: head, body: nil)
            #expect(answer.beforeBody.hasPrefix("HTTP/1.1 413"), "\(answer.beforeBody.prefix(200))")
            #expect(!answer.all.contains("100 Continue"))
        }
    }

    @Test func aClientThatLeavesMidUploadLogsNoError() async throws {
        let logs = LogCapture()
        try await Self.withGateway(logger: logs.logger()) { port in
            let request = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"model\":"
            _ = try await RawHTTP.exchange(port: port, Array(request.utf8), seconds: 1)
            let deadline = ContinuousClock.now + .seconds(5)
            while logs.lines(containing: "incomplete_body").isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(logs.lines(containing: "unexpected error").isEmpty, "\(logs.messages)")
        #expect(logs.lines(containing: "incomplete_body").count == 1, "one info line saying what happened")
    }
}

/// After a 413 the server read the whole rejected body
/// (64 MB) instead of closing.
struct RejectedBodyTests {
    @Test func a413ClosesTheConnectionInsteadOfReadingTheRejectedBody() async throws {
        try await UploadFramingTests.withGateway { port in
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
            let received = UploadFramingTests.Received()
            let total = 64 << 20
            let written = try await channel.executeThenClose { inbound, outbound -> Int in
                let reading = Task {
                    do {
                        for try await chunk in inbound { received.state.withLock { $0.text += String(buffer: chunk) } }
                    } catch {}
                    received.state.withLock { $0.ended = true }
                }
                try await outbound.write(
                    ByteBuffer(
                        string: "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(total)\r\n\r\n")
                )
                // The body goes on at about 6 MB/s, whatever the server says, until a write fails:
                // read to the end it would take 10 s; the server must close long before.
                let piece = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 << 10)
                var sent = 0
                let deadline = ContinuousClock.now + .seconds(20)
                while sent < total, ContinuousClock.now < deadline {
                    do {
                        try await outbound.write(piece)
                    } catch {
                        break
                    }
                    sent += piece.readableBytes
                    try await Task.sleep(for: .milliseconds(10))
                }
                await received.wait(seconds: 5) { _, ended in ended }
                reading.cancel()
                return sent
            }
            #expect(received.text.hasPrefix("HTTP/1.1 413"), "\(received.text.prefix(200))")
            #expect(received.text.lowercased().contains("connection: close"))
            #expect(received.ended, "the server closed the connection")
            #expect(written < total / 2, "\(written) of \(total) bytes were taken before the server closed the connection")
        }
    }
}
