import GatewayCore
import HTTPTypes
import Hummingbird

/// Counts every answered request by route and status, and names the request in `X-Request-Id`
/// (the id every log line of the request carries).
struct RequestMetricsMiddleware: RouterMiddleware {
    /// The context of the gateway's routes.
    typealias Context = GatewayRequestContext
    private let metrics: GatewayMetrics

    /// Creates the middleware.
    init(metrics: GatewayMetrics) {
        self.metrics = metrics
    }

    /// Runs the request and records its status.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        metrics.recordRequest(route: context.endpointPath ?? "unmatched", status: Int(response.status.code))
        response.headers[HTTPField.Name("X-Request-Id")!] = context.id
        return response
    }
}
