import AsyncHTTPClient
import Foundation
import Logging
import MockArena
import NIOCore
import NIOHTTP1
import NIOPosix
import ProxyServer
import Synchronization
import TestSupport
import Testing

/// Guards against a defect found by an attack run: no header or body read timeout and no connection cap, so about a thousand
/// idle or slow connections locked every client out. A head must be whole within
/// REQUEST_HEAD_TIMEOUT, a body may not stall longer than REQUEST_BODY_TIMEOUT, and connections
/// over MAX_CONNECTIONS are closed at once, with one log line.
@Suite(.serialized)
struct ConnectionGuardTests {
    static func withGateway(
        logger: Logger? = nil, change: @escaping (inout ProxyConfiguration) -> Void, _ body: @Sendable @escaping (Int) async throws -> Void
    ) async throws {
        let configuration = GatewayHarness.configuration(change: change)
        try await LiveServer.with(
            { running in
                try GatewayHarness.application(
                    configuration: configuration, transport: ReplayTransport(replayer: try FixtureCorpus.replayer()), logger: logger,
                    onServerRunning: running)
            }, body)
    }

    static func connect(_ port: Int) async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
    }

    /// Whether the server closed `channel` within `limit` (answered at the limit, whatever the channel does after).
    static func closed(_ channel: any Channel, within limit: Duration) async -> Bool {
        let promise = channel.eventLoop.makePromise(of: Bool.self)
        let settled = Mutex(false)
        let settle: @Sendable (Bool) -> Void = { value in
            if settled.withLock({ done in
                defer { done = true }
                return !done
            }) {
                promise.succeed(value)
            }
        }
        channel.closeFuture.whenComplete { _ in settle(true) }
        channel.eventLoop.scheduleTask(
            in: .nanoseconds(Int64(limit.components.seconds) * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000)
        ) {
            settle(false)
        }
        return (try? await promise.futureResult.get()) ?? false
    }

    @Test func aHeadTrickledAByteAtATimeIsClosedAtTheHeadTimeout() async throws {
        try await Self.withGateway(change: { $0.requestHeadTimeout = .seconds(1) }) { port in
            let channel = try await Self.connect(port)
            try await channel.writeAndFlush(ByteBuffer(string: "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Slow: "))
            let trickle = Task {
                for _ in 0..<60 {
                    try await Task.sleep(for: .milliseconds(100))
                    try await channel.writeAndFlush(ByteBuffer(string: "a"))
                }
            }
            #expect(await Self.closed(channel, within: .seconds(6)), "the trickling sender still holds its connection")
            trickle.cancel()
            try? await channel.close()
        }
    }

    @Test func aStalledBodyIsClosedAtTheBodyTimeout() async throws {
        try await Self.withGateway(change: { $0.requestBodyTimeout = .seconds(1) }) { port in
            let channel = try await Self.connect(port)
            try await channel.writeAndFlush(
                ByteBuffer(string: "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"model\":"))
            #expect(await Self.closed(channel, within: .seconds(6)), "the stalled upload still holds its connection")
            try? await channel.close()
        }
    }

    @Test func connectionsOverTheCapAreClosedAtOnceAndLoggedOnce() async throws {
        let logs = LogCapture()
        try await Self.withGateway(logger: logs.logger(), change: { $0.maxConnections = 2 }) { port in
            let held = [try await Self.connect(port), try await Self.connect(port)]
            for channel in held { #expect(!(await Self.closed(channel, within: .milliseconds(300))), "within the cap") }
            for _ in 0..<4 {
                let refused = try await Self.connect(port)
                #expect(await Self.closed(refused, within: .seconds(3)), "over the cap: closed at once")
            }
            #expect(logs.lines(containing: "MAX_CONNECTIONS (2) reached").count == 1, "one line, not one per refusal")
            for channel in held { try? await channel.close() }
            // The cap frees up: an ordinary request is answered again.
            var answered = false
            for _ in 0..<50 where !answered {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz")
                request.method = .GET
                if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)), response.status == .ok {
                    answered = true
                } else {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            #expect(answered)
            #expect(logs.lines(containing: "accepting connections").count == 1)
        }
    }
}

/// Guards against a defect found by an attack run: a body holds room in REQUEST_BYTES_IN_FLIGHT only while it arrives within
/// REQUEST_BODY_TIMEOUT: one trickled a byte at a time (never silent long enough for the
/// connection guard) is answered 408 at that deadline, and its room is free again.
struct BodyBudgetTests {
    @Test func aTrickledBodyIsAnswered408AtTheBodyDeadline() async throws {
        try await ConnectionGuardTests.withGateway(change: {
            $0.requestBytesInFlight = 1 << 20
            $0.requestBodyTimeout = .seconds(1)
            $0.maxRequestBytes = 1 << 20
        }) { port in
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
            let received = UploadFramingTests.Received()
            try await channel.executeThenClose { inbound, outbound in
                let reading = Task {
                    do {
                        for try await chunk in inbound { received.state.withLock { $0.text += String(buffer: chunk) } }
                    } catch {}
                    received.state.withLock { $0.ended = true }
                }
                try await outbound.write(
                    ByteBuffer(
                        string:
                            "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(1 << 20)\r\n\r\n{"))
                let deadline = ContinuousClock.now + .seconds(8)
                while ContinuousClock.now < deadline, !received.text.contains("\r\n\r\n"), !received.ended {
                    try await Task.sleep(for: .milliseconds(200))
                    try? await outbound.write(ByteBuffer(string: " "))
                }
                reading.cancel()
            }
            #expect(received.text.hasPrefix("HTTP/1.1 408"), "\(received.text.prefix(200))")
            // The room is free again: a request is answered at once.
            let answer = try await LiveStack.post(
                port: port, body: LiveStack.chatBody(model: "gpt-4.1-2025-04-14", prompt: "Say hello", stream: false))
            #expect(answer.status == 200)
        }
    }
}
