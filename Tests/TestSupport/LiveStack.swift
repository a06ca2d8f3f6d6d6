import ArenaWire
import AsyncHTTPClient
import Foundation
import GatewayCore
import Logging
import MockArena
import NIOCore
import NIOHTTP1
import ProxyServer

/// MockArena and the gateway as real servers on loopback, the gateway using the live transport.
public enum LiveStack {
    /// Timeouts of the gateway's live transport in tests.
    public struct Timeouts: Sendable {
        /// First-byte timeout.
        public var firstByte: TimeAmount
        /// Idle-read timeout.
        public var idle: TimeAmount

        /// Creates timeouts.
        public init(firstByte: TimeAmount = .seconds(30), idle: TimeAmount = .seconds(3)) {
            self.firstByte = firstByte
            self.idle = idle
        }
    }

    /// Runs both servers; `body` gets the gateway's port.
    public static func with<T: Sendable>(
        replayer: FixtureReplayer, speed: Double, configuration: ProxyConfiguration, logger: Logger? = nil,
        timeouts: Timeouts = Timeouts(), proxy: OutboundProxy? = nil, wrap: @Sendable (LiveArenaTransport) -> any ArenaTransport = { $0 },
        _ body: @Sendable @escaping (Int) async throws -> T
    ) async throws -> T {
        var mockLogger = Logger(label: "mockarena")
        mockLogger.logLevel = .critical
        return try await LiveServer.with({ running in
            MockArenaServer.application(replayer: replayer, speed: speed, host: "127.0.0.1", port: 0, logger: mockLogger, onServerRunning: running)
        }) { mockPort in
            var configuration = configuration
            configuration.baseURL = "http://127.0.0.1:\(mockPort)"
            let client = HTTPClient(
                eventLoopGroupProvider: .singleton,
                configuration: LiveArenaTransport.clientConfiguration(
                    connectTimeout: .seconds(30), idleTimeout: timeouts.idle, proxy: proxy?.clientProxy))
            let transport = wrap(LiveArenaTransport(client: client, firstByteTimeout: timeouts.firstByte, proxy: proxy))
            let fetcher = LiveImageFetcher(client: client, timeout: .seconds(10), proxy: proxy)
            do {
                let result = try await LiveServer.with(
                    { running in
                        try GatewayHarness.application(
                            configuration: configuration, transport: transport, logger: logger, imageFetcher: fetcher, onServerRunning: running)
                    }, body)
                try await client.shutdown()
                return result
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }

    /// Runs both servers with the gateway reading its models from MockArena's catalogue first;
    /// `body` gets the gateway's port and the server (to read the catalogue again).
    public static func withCatalogue<T: Sendable>(
        replayer: FixtureReplayer, configuration: ProxyConfiguration, logger: Logger? = nil,
        _ body: @Sendable @escaping (Int, GatewayServer, any ArenaTransport) async throws -> T
    ) async throws -> T {
        var quietLogger = Logger(label: "test-gateway")
        quietLogger.logLevel = .critical
        let quiet = quietLogger
        var mockLogger = Logger(label: "mockarena")
        mockLogger.logLevel = .critical
        return try await LiveServer.with({ running in
            MockArenaServer.application(replayer: replayer, speed: 0, host: "127.0.0.1", port: 0, logger: mockLogger, onServerRunning: running)
        }) { mockPort in
            var configuration = configuration
            configuration.baseURL = "http://127.0.0.1:\(mockPort)"
            let client = HTTPClient(
                eventLoopGroupProvider: .singleton,
                configuration: LiveArenaTransport.clientConfiguration(connectTimeout: .seconds(30), idleTimeout: .seconds(5), proxy: nil))
            let transport = LiveArenaTransport(client: client, firstByteTimeout: .seconds(30))
            do {
                let server = try GatewayServer(configuration: configuration, logger: logger ?? quiet)
                try await server.readCatalogue(through: transport)
                let fetcher = LiveImageFetcher(client: client, timeout: .seconds(10))
                let intake = ImageIntake(
                    maxBytes: configuration.maxImageBytes, fetchTimeout: configuration.imageFetchTimeout, fetcher: fetcher,
                    policy: configuration.imageDownloads)
                let result = try await LiveServer.with({ running in
                    server.application(transport: transport, imageFetcher: fetcher, imageIntake: intake, onServerRunning: running)
                }) { port in try await body(port, server, transport) }
                try await client.shutdown()
                return result
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }

    /// Posts a chat request to the gateway and returns the status, headers and each body read with its time.
    public static func post(port: Int, body: String) async throws -> (status: Int, contentType: String?, reads: [(ms: Double, text: String)]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let start = ContinuousClock.now
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        var reads: [(ms: Double, text: String)] = []
        for try await chunk in response.body {
            reads.append((start.duration(to: .now).milliseconds, String(buffer: chunk)))
        }
        return (Int(response.status.code), response.headers.first(name: "content-type"), reads)
    }

    /// A chat request body with one user message.
    public static func chatBody(model: String, prompt: String, stream: Bool) -> String {
        let object: [String: Any] = ["model": model, "stream": stream, "messages": [["role": "user", "content": prompt]]]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}

extension Duration {
    /// The duration in fractional milliseconds.
    public var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
