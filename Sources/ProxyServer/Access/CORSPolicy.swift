import Foundation
import HTTPTypes
import Hummingbird
import OpenAISurface

/// Which web pages may use the gateway from a browser (`CORS_ORIGINS`).
public enum CORSOrigins: Sendable, Equatable {
    /// Any origin (`*`).
    case any
    /// Only these origins, e.g. `https://chat.example`.
    case list(Set<String>)
    /// None: no page on another origin may use the gateway.
    case none

    /// `*`, or origins separated by commas; empty is `nil` (then ``effective(apiKeysSet:)`` decides).
    package static func parse(_ value: String) -> CORSOrigins? {
        let items = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if items.isEmpty { return nil }
        if items.contains("*") { return .any }
        return .list(Set(items.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }))
    }

    /// What applies when `CORS_ORIGINS` is `configured`: with API keys, any origin (a page
    /// still needs a key); without them, none, so that no page a browser visits can spend the
    /// operator's sessions through a gateway on localhost.
    static func effective(_ configured: CORSOrigins?, apiKeysSet: Bool) -> CORSOrigins {
        configured ?? (apiKeysSet ? .any : .none)
    }

    /// Whether a request from `origin` may go on.
    func allows(_ origin: String) -> Bool {
        switch self {
        case .any: return true
        case .list(let origins): return origins.contains(origin)
        case .none: return false
        }
    }
}

/// CORS: preflights answered here (so `OPTIONS` never needs a key), the request headers a
/// browser asks for echoed back (which covers the OpenAI SDKs' `X-Stainless-*` headers and
/// `Authorization`, where a `*` would not), and Chrome's private-network access granted only to
/// allowed origins. A request that carries an `Origin` the policy does not allow is refused with
/// a 403 before it does anything: a browser sends even a "simple" POST without a preflight.
struct CORSPolicy<Context: RequestContext>: RouterMiddleware {
    /// The origins whose pages may call the gateway.
    let origins: CORSOrigins

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let origin = request.headers[.origin]
        if let origin, !origins.allows(origin) {
            return OpenAIErrorMiddleware<Context>.response(
                for: OpenAIError(
                    status: 403,
                    message:
                        "requests from web pages of other origins are not allowed here: list the origin in CORS_ORIGINS (or set API_SECRET, which allows any origin with a key)",
                    type: .invalidRequest, code: .crossOriginForbidden))
        }
        let allowOrigin = origins == .any ? "*" : (origin ?? "")
        if request.method == .options {
            var headers: HTTPFields = [.accessControlAllowMethods: "GET, POST, DELETE, OPTIONS", .accessControlMaxAge: "86400"]
            if origin != nil {
                headers[.accessControlAllowOrigin] = allowOrigin
                if origins != .any { headers[.vary] = "Origin" }
            }
            headers[.accessControlAllowHeaders] = request.headers[.accessControlRequestHeaders] ?? "Authorization, Content-Type"
            // Chrome's Private Network Access: a page on arena.ai (a browser helper feeding
            // reCAPTCHA tokens) may call a gateway on localhost only when the preflight allows it.
            if origin != nil, request.headers[HTTPField.Name("Access-Control-Request-Private-Network")!] == "true" {
                headers[HTTPField.Name("Access-Control-Allow-Private-Network")!] = "true"
            }
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        if origin != nil {
            response.headers[.accessControlAllowOrigin] = allowOrigin
            response.headers[.accessControlExposeHeaders] = "Retry-After, X-Request-Id"
            if origins != .any { response.headers[.vary] = "Origin" }
        }
        return response
    }
}
