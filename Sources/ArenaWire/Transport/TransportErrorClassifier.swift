import AsyncHTTPClient
import Foundation

/// Turns AsyncHTTPClient and NIO errors into ``ArenaTransportError``s for people to read.
///
/// With an outbound proxy, every connection goes to the proxy, so a connection that cannot be
/// made is the proxy's failure, and the message names it (without its credentials).
package struct TransportErrorClassifier: Sendable {
    /// `http://host:port` of the outbound proxy, when there is one.
    let proxy: String?

    /// Creates a classifier.
    package init(proxy: String?) {
        self.proxy = proxy
    }

    /// The ``ArenaTransportError`` for `error`; cancellation passes through as `CancellationError`.
    package func classify(_ error: any Error, beforeHead: Bool) -> any Error {
        if error is CancellationError { return error }
        if let transport = error as? ArenaTransportError { return transport }
        if let client = error as? HTTPClientError {
            switch client {
            case .cancelled: return CancellationError()
            case .connectTimeout: return connectFailure(.connectTimeout, "no connection within the connect timeout")
            case .deadlineExceeded: return ArenaTransportError(.firstByteTimeout, "no response head within the first-byte timeout")
            case .readTimeout:
                return ArenaTransportError(beforeHead ? .firstByteTimeout : .idleTimeout, "nothing received within the idle timeout")
            case .remoteConnectionClosed: return ArenaTransportError(.connectionClosed, "the connection closed before the answer was complete")
            case .proxyAuthenticationRequired:
                return ArenaTransportError(.proxy, "\(proxyName) asks for authentication (407): check the user and password in PROXY_URL")
            case .invalidProxyResponse: return ArenaTransportError(.proxy, "\(proxyName) refused the tunnel")
            case .httpProxyHandshakeTimeout, .socksHandshakeTimeout:
                return ArenaTransportError(.proxy, "\(proxyName) did not answer the handshake in time")
            case .tlsHandshakeTimeout: return ArenaTransportError(.connectTimeout, "the TLS handshake did not finish in time")
            default: return connectFailure(.connect, "\(client)")
            }
        }
        let text = "\(error)"
        if beforeHead { return connectFailure(.connect, text) }
        return ArenaTransportError(.connectionClosed, text)
    }

    private var proxyName: String { "the outbound proxy \(proxy ?? "")" }

    /// A failure to connect: the proxy's when there is one.
    private func connectFailure(_ kind: ArenaTransportError.Kind, _ detail: String) -> ArenaTransportError {
        guard let proxy else { return ArenaTransportError(kind, detail) }
        return ArenaTransportError(.proxy, "could not connect to the outbound proxy \(proxy): \(detail)")
    }
}
