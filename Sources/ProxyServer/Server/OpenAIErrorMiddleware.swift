import ArenaWire
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OpenAISurface

/// Answers every error a route throws in OpenAI's error shape, so clients always get
/// `{"error":{...}}` with a fitting status, including for unknown routes and oversized bodies.
struct OpenAIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Removes configured credentials from every message, since messages can quote upstream bytes.
    let redactor: Redactor

    /// Creates the middleware.
    init(redactor: Redactor = Redactor()) {
        self.redactor = redactor
    }

    /// Runs the rest of the chain and converts what it throws.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let thrown as OpenAIError {
            let error = thrown.redacted(by: redactor)
            if error.status >= 500 {
                context.logger.warning("request failed", metadata: ["error": "\(error)"])
            } else {
                context.logger.info("request rejected", metadata: ["error": "\(error)"])
            }
            return Self.response(for: error)
        } catch let error as HTTPError {
            return Self.response(for: Self.openAIError(for: error, request: request))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            let described = redactor.scrub("\(error)")
            context.logger.error("unexpected error", metadata: ["error": "\(described)"])
            return Self.response(for: OpenAIError(status: 500, message: "internal error: \(described)", type: .server, code: .internalError))
        }
    }

    /// The JSON response for an error, with `Retry-After` when it has one.
    static func response(for error: OpenAIError) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter = error.retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: .init(code: error.status), headers: headers, body: .init(byteBuffer: error.body))
    }

    static func openAIError(for error: HTTPError, request: Request) -> OpenAIError {
        switch error.status {
        case .notFound:
            let path = request.uri.path.count > 200 ? String(request.uri.path.prefix(200)) + "..." : request.uri.path
            return OpenAIError(
                status: 404, message: "Unknown request URL: \(request.method) \(path)", type: .invalidRequest, code: .unknownUrl)
        case .contentTooLarge:
            return OpenAIError(
                status: 413, message: "the request body is larger than this server accepts", type: .invalidRequest, code: .requestTooLarge)
        case .methodNotAllowed:
            let path = request.uri.path.count > 200 ? String(request.uri.path.prefix(200)) + "..." : request.uri.path
            return OpenAIError(
                status: 405, message: "\(request.method) is not allowed on \(path)", type: .invalidRequest, code: .methodNotAllowed)
        default:
            let status = Int(error.status.code)
            return OpenAIError(
                status: status, message: error.body ?? error.status.reasonPhrase, type: status >= 500 ? .server : .invalidRequest)
        }
    }
}
