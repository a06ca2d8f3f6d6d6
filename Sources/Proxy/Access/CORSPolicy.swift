import HTTPTypes
import Hummingbird

/// CORS as the Go project did it: every origin allowed, preflight answered here (so `OPTIONS`
/// never needs a key), and the request headers a browser asks for echoed back, which covers the
/// OpenAI SDKs' `X-Stainless-*` headers and `Authorization` (a `*` would not).
struct CORSPolicy<Context: RequestContext>: RouterMiddleware {
    /// Creates the policy.
    init() {}

    /// Answers preflights and marks every other response as readable from any origin.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .options {
            var headers: HTTPFields = [
                .accessControlAllowOrigin: "*",
                .accessControlAllowMethods: "GET, POST, OPTIONS",
                .accessControlMaxAge: "86400",
            ]
            headers[.accessControlAllowHeaders] = request.headers[.accessControlRequestHeaders] ?? "Authorization, Content-Type"
            // Chrome's Private Network Access: a page on arena.ai (a browser helper feeding
            // reCAPTCHA tokens) may call a gateway on localhost only when the preflight allows it.
            if request.headers[HTTPField.Name("Access-Control-Request-Private-Network")!] == "true" {
                headers[HTTPField.Name("Access-Control-Allow-Private-Network")!] = "true"
            }
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        response.headers[.accessControlAllowOrigin] = "*"
        response.headers[.accessControlExposeHeaders] = "Retry-After, X-Request-Id"
        return response
    }
}
