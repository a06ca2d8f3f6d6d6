import Hummingbird
import NIOCore

/// The request context of the gateway's routes: Hummingbird's core context plus the peer address.
public struct GatewayRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The address of the connected peer; `nil` in router-level tests.
    public let remoteAddress: SocketAddress?

    /// Creates a context for a request arriving on a channel.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
