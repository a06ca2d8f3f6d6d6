import AsyncHTTPClient
import Foundation

/// What a transport error was: the client leaving, or a failure in words people read.
package enum ClassifiedTransportError: Sendable, Equatable {
    /// The request was cancelled (the client left, or shutdown cut it).
    case cancelled
    /// The transport failed this way.
    case failed(ArenaTransportError)

    /// The error a transport throws for it: `CancellationError`, or the ``ArenaTransportError``.
    package var thrown: any Error {
        switch self {
        case .cancelled: return CancellationError()
        case .failed(let failure): return failure
        }
    }

    /// The failure, `nil` for a cancellation.
    package var failure: ArenaTransportError? {
        if case .failed(let failure) = self { return failure }
        return nil
    }
}

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

    /// What `error` was: a cancellation, or the ``ArenaTransportError`` it is in words.
    package func classify(_ error: any Error, beforeHead: Bool) -> ClassifiedTransportError {
        if error is CancellationError { return .cancelled }
        if let transport = error as? ArenaTransportError { return .failed(transport) }
        guard let client = error as? HTTPClientError else {
            let text = "\(error)"
            return .failed(beforeHead ? connectFailure(.connect, text) : ArenaTransportError(.connectionClosed, text))
        }
        return client == .cancelled ? .cancelled : .failed(failure(client, beforeHead: beforeHead))
    }

    private func failure(_ client: HTTPClientError, beforeHead: Bool) -> ArenaTransportError {
        switch client {
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

    private var proxyName: String { "the outbound proxy \(proxy ?? "")" }

    /// A failure to connect: the proxy's when there is one.
    private func connectFailure(_ kind: ArenaTransportError.Kind, _ detail: String) -> ArenaTransportError {
        guard let proxy else { return ArenaTransportError(kind, detail) }
        return ArenaTransportError(.proxy, "could not connect to the outbound proxy \(proxy): \(detail)")
    }
}
