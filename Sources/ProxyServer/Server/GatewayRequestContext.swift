import Hummingbird
import NIOCore

/// The request context of the gateway's routes: Hummingbird's core context plus the peer address.
struct GatewayRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    var coreContext: CoreRequestContextStorage
    /// The address of the connected peer; `nil` in router-level tests.
    let remoteAddress: SocketAddress?

    /// Creates a context for a request arriving on a channel.
    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
