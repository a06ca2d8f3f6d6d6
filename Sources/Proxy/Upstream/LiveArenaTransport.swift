import Foundation
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The ``ArenaTransport`` that talks to the real site through AsyncHTTPClient.
public struct LiveArenaTransport: ArenaTransport {
    /// The client; its configuration holds the connect and idle timeouts and the outbound proxy.
    public let client: HTTPClient
    /// How long the response head may take.
    public let firstByteTimeout: TimeAmount

    /// Creates a transport over `client`.
    public init(client: HTTPClient, firstByteTimeout: TimeAmount) {
        self.client = client
        self.firstByteTimeout = firstByteTimeout
    }

    /// The client configuration the gateway uses: many connections per host (one per open
    /// stream), no redirects, no connection-establishment retries (so a refusing proxy fails at
    /// once), and the given timeouts and outbound proxy.
    public static func clientConfiguration(
        connectTimeout: TimeAmount, idleTimeout: TimeAmount, proxy: HTTPClient.Configuration.Proxy?
    ) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: connectTimeout, read: idleTimeout)
        configuration.connectionPool = .init(idleTimeout: TimeAmount.seconds(Int64(60)), concurrentHTTP1ConnectionsPerHostSoftLimit: 4096)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .enabled(limit: .ratio(200))
        configuration.proxy = proxy
        return configuration
    }

    /// Sends `request`, returning when the head arrives; the body streams after.
    public func send(_ request: ArenaRequest) async throws -> ArenaResponse {
        var outbound = HTTPClientRequest(url: request.url)
        outbound.method = request.method
        outbound.headers = request.headers
        outbound.body = .bytes(request.body)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outbound, timeout: firstByteTimeout)
        } catch {
            throw Self.classify(error, beforeHead: true)
        }
        return ArenaResponse(status: Int(response.status.code), headers: response.headers, body: ArenaBody(MappedBody(base: response.body)))
    }

    /// Turns an AsyncHTTPClient or NIO error into an ``ArenaTransportError``; cancellation passes through.
    static func classify(_ error: any Error, beforeHead: Bool) -> any Error {
        if error is CancellationError { return error }
        if let client = error as? HTTPClientError {
            switch client {
            case .cancelled: return CancellationError()
            case .connectTimeout: return ArenaTransportError(.connectTimeout, "no connection within the connect timeout")
            case .deadlineExceeded: return ArenaTransportError(.firstByteTimeout, "no response head within the first-byte timeout")
            case .readTimeout:
                return ArenaTransportError(beforeHead ? .firstByteTimeout : .idleTimeout, "nothing received within the idle timeout")
            case .remoteConnectionClosed: return ArenaTransportError(.connectionClosed, "the connection closed before the answer was complete")
            case .proxyAuthenticationRequired: return ArenaTransportError(.proxy, "the proxy asks for authentication (407): check the user and password in PROXY_URL")
            case .invalidProxyResponse: return ArenaTransportError(.proxy, "the proxy refused the tunnel")
            case .httpProxyHandshakeTimeout, .socksHandshakeTimeout: return ArenaTransportError(.proxy, "the proxy did not answer the handshake in time")
            case .tlsHandshakeTimeout: return ArenaTransportError(.connectTimeout, "the TLS handshake did not finish in time")
            default: return ArenaTransportError(.connect, "\(client)")
            }
        }
        if let timeout = error as? ArenaTransportError { return timeout }
        let text = "\(error)"
        if text.localizedStandardContains("socks") {
            return ArenaTransportError(.proxy, text)
        }
        return ArenaTransportError(beforeHead ? .connect : .connectionClosed, text)
    }
}

/// An AsyncHTTPClient body whose errors are classified as ``ArenaTransportError``s.
private struct MappedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: HTTPClientResponse.Body

    func makeAsyncIterator() -> Iterator {
        Iterator(base: base.makeAsyncIterator())
    }

    struct Iterator: AsyncIteratorProtocol {
        var base: HTTPClientResponse.Body.AsyncIterator

        mutating func next() async throws -> ByteBuffer? {
            do {
                return try await base.next()
            } catch {
                throw LiveArenaTransport.classify(error, beforeHead: false)
            }
        }
    }
}
