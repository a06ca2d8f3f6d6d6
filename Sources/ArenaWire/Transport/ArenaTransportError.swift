/// A failure to exchange bytes with lmarena, as a transport reports it.
public struct ArenaTransportError: ArenaTransportFailure, Equatable {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// No connection could be made (refused, DNS, TLS).
        case connect
        /// The connection did not open within the connect timeout.
        case connectTimeout
        /// The response head did not arrive within the first-byte timeout.
        case firstByteTimeout
        /// The body went quiet for longer than the idle timeout.
        case idleTimeout
        /// The connection closed before the body was complete.
        case connectionClosed
        /// The outbound proxy refused or failed.
        case proxy
    }

    /// What went wrong.
    public var kind: Kind
    /// Details for a person, free of credentials.
    public var detail: String

    /// Creates an error.
    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// Whether the failure is a timeout.
    public var isTimeout: Bool {
        switch kind {
        case .connectTimeout, .firstByteTimeout, .idleTimeout: return true
        case .connect, .connectionClosed, .proxy: return false
        }
    }
}
