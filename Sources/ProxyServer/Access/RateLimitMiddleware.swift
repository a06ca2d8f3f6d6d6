import HTTPTypes
import Hummingbird
import OpenAISurface
import Settings
import Synchronization

/// The shared, locked ``SlidingWindowLimiter``.
final class ClientRateLimit: Sendable {
    private let limiter: Mutex<SlidingWindowLimiter>
    private let clock = ContinuousClock.now

    /// Creates a limit of `perMinute` requests per client per minute; 0 turns it off.
    public init(perMinute: Int) {
        limiter = Mutex(SlidingWindowLimiter(limit: perMinute))
    }

    /// Decides on a request from `client` now.
    public func check(_ client: String) -> SlidingWindowLimiter.Decision {
        let now = clock.duration(to: .now)
        let seconds = now.inSeconds
        return limiter.withLock { $0.check(client, now: seconds) }
    }
}

/// Answers a client over `REQUEST_RATE_LIMIT` with 429 `rate_limit_exceeded` and `Retry-After`.
/// The client is the peer address, or the `X-Forwarded-For` client when the peer is a trusted proxy.
struct RateLimitMiddleware: RouterMiddleware {
    /// The context of the gateway's routes.
    public typealias Context = GatewayRequestContext
    private let limit: ClientRateLimit
    private let trusted: TrustedProxies

    /// Creates the middleware.
    public init(limit: ClientRateLimit, trusted: TrustedProxies) {
        self.limit = limit
        self.trusted = trusted
    }

    /// Counts the request and rejects it when the client is over the limit.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .options else { return try await next(request, context) }
        let client = trusted.client(peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[.xForwardedFor])
        if case .limited(let retryAfter) = limit.check(client) {
            throw OpenAIError(
                status: 429,
                message: "Rate limit reached for requests: this client may send REQUEST_RATE_LIMIT requests per minute; retry after \(retryAfter) s",
                type: .requests, code: .rateLimitExceeded, retryAfter: retryAfter)
        }
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
