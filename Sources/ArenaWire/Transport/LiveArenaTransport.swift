import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTPCompression

/// The ``ArenaTransport`` that talks to the real site through AsyncHTTPClient.
public struct LiveArenaTransport: ArenaTransport {
    /// The client; its configuration holds the connect and idle timeouts and the outbound proxy.
    package let client: HTTPClient
    /// How long the response head may take.
    package let firstByteTimeout: TimeAmount
    /// Turns client errors into ``ArenaTransportError``s, naming the outbound proxy when there is one.
    let classifier: TransportErrorClassifier

    /// Creates a transport over `client`; `proxy` names its outbound proxy for error messages.
    package init(client: HTTPClient, firstByteTimeout: TimeAmount, proxy: OutboundProxy? = nil) {
        self.client = client
        self.firstByteTimeout = firstByteTimeout
        self.classifier = TransportErrorClassifier(proxy: proxy?.redactedDescription)
    }

    /// The client configuration the gateway uses: many connections per host (one per open
    /// stream), no redirects, no connection-establishment retries (so a refusing proxy fails at
    /// once), and the given timeouts and outbound proxy.
    package static func clientConfiguration(
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
            throw classifier.classify(error, beforeHead: true).thrown
        }
        return ArenaResponse(
            status: Int(response.status.code), headers: response.headers, body: ArenaBody(MappedBody(base: response.body, classifier: classifier)))
    }
}

/// An AsyncHTTPClient body whose errors are classified as ``ArenaTransportError``s.
private struct MappedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: HTTPClientResponse.Body
    let classifier: TransportErrorClassifier

    func makeAsyncIterator() -> Iterator {
        Iterator(base: base.makeAsyncIterator(), classifier: classifier)
    }

    struct Iterator: AsyncIteratorProtocol {
        var base: HTTPClientResponse.Body.AsyncIterator
        let classifier: TransportErrorClassifier

        mutating func next() async throws -> ByteBuffer? {
            do {
                return try await base.next()
            } catch {
                throw classifier.classify(error, beforeHead: false).thrown
            }
        }
    }
}
