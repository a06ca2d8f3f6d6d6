import Crypto
import Foundation
import Hummingbird

/// Who sent a request, as the fair queue tells clients apart: the API key when keys are set
/// (by a fingerprint, never the key), else the client's address (behind a trusted proxy, the
/// `X-Forwarded-For` client).
struct QueueClient: Sendable {
    /// Whether API keys are set, so that a key names the client.
    let keyed: Bool
    /// Proxies whose `X-Forwarded-For` names the client.
    let trusted: TrustedProxies

    /// The client of `request`.
    func name(of request: Request, context: GatewayRequestContext) -> String {
        if keyed, let key = APIKeyMiddleware<GatewayRequestContext>.bearer(request.headers[.authorization]) {
            let digest = SHA256.hash(data: Data(key))
            return "key " + digest.prefix(6).map { String(format: "%02x", $0) }.joined()
        }
        return trusted.client(peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[.xForwardedFor])
    }
}
