import ArenaWire
import NIOCore

/// An error answered in OpenAI's shape: `{"error":{"message","type","param","code"}}`.
///
/// Every failure the gateway reports, whether the client's request was wrong or lmarena failed,
/// reaches the client as one of these, with a fitting HTTP status.
package struct OpenAIError: Error, Sendable, Equatable {
    /// OpenAI's error classes, the `type` of an error body: a closed set, so no caller spells one.
    package enum ErrorType: String, Sendable, CaseIterable {
        /// The request is wrong: a field, a model, a body.
        case invalidRequest = "invalid_request_error"
        /// The key or the account may not do this.
        case permission = "permission_error"
        /// Too many requests upstream, or every session rests.
        case rateLimit = "rate_limit_error"
        /// A client over the gateway's own per-IP request rate (OpenAI's class for request limits).
        case requests
        /// The gateway failed (shutting down, busy, a bug).
        case server = "server_error"
        /// lmarena failed or answered what cannot be used.
        case upstream = "upstream_error"
        /// The model answered what the request's contract does not allow (a strict schema broken).
        case api = "api_error"
    }

    /// HTTP status code of the answer.
    package var status: Int
    /// A sentence for a person: what went wrong and, where it helps, what to do.
    package var message: String
    /// OpenAI's error class, e.g. `invalid_request_error` or `upstream_error`.
    var type: ErrorType
    /// The request field at fault, e.g. `messages[0].content`, when there is one.
    package var param: String?
    /// A stable machine-readable code, e.g. `model_not_found`.
    package var code: ErrorCode?
    /// Seconds the client should wait before retrying, sent as `Retry-After`.
    package var retryAfter: Int?

    /// Creates an error.
    package init(status: Int, message: String, type: ErrorType, param: String? = nil, code: ErrorCode? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.retryAfter = retryAfter
    }

    /// A 400 for a request that is malformed or has a wrong field.
    package static func invalidRequest(_ message: String, param: String? = nil, code: ErrorCode? = nil) -> OpenAIError {
        OpenAIError(status: 400, message: message, type: .invalidRequest, param: param, code: code)
    }

    /// The same error with configured credentials removed from its message (upstream bytes can
    /// quote the request's cookies back).
    package func redacted(by redactor: Redactor) -> OpenAIError {
        var copy = self
        copy.message = redactor.scrub(message)
        return copy
    }

    /// The last frame of a stream the gateway's shutdown cut before its end.
    package static let shuttingDown = OpenAIError(
        status: 503, message: "the gateway is shutting down and ended this answer before it was complete: send the request again",
        type: .server, code: .serverShuttingDown, retryAfter: 1)

    /// A 404 for a model the gateway does not serve, naming up to three close names.
    package static func modelNotFound(_ name: String, in registry: ModelRegistry) -> OpenAIError {
        let shown = name.count > 200 ? String(name.prefix(200)) + "..." : name
        let close = registry.closestNames(to: String(name.prefix(200)))
        let suggestion = close.isEmpty ? "" : " Did you mean " + close.map { "'\($0)'" }.joined(separator: ", ") + "?"
        return OpenAIError(
            status: 404, message: "The model '\(shown)' does not exist or is not served here: GET /v1/models lists the models.\(suggestion)",
            type: .invalidRequest, param: "model", code: .modelNotFound)
    }

    /// The body object `{"message","type","param","code"}` without the outer `error` key.
    func writeObject(into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{\"message\":")
        JSONStringCodec.write(message, into: &buffer)
        buffer.writeStaticString(",\"type\":")
        JSONStringCodec.write(type.rawValue, into: &buffer)
        buffer.writeStaticString(",\"param\":")
        if let param { JSONStringCodec.write(param, into: &buffer) } else { buffer.writeStaticString("null") }
        buffer.writeStaticString(",\"code\":")
        if let code { JSONStringCodec.write(code.rawValue, into: &buffer) } else { buffer.writeStaticString("null") }
        buffer.writeStaticString("}")
    }

    /// The whole response body: `{"error":{...}}`.
    package var body: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeStaticString("{\"error\":")
        writeObject(into: &buffer)
        buffer.writeStaticString("}")
        return buffer
    }
}

extension OpenAIError: CustomStringConvertible {
    /// `status code: message`, for logs.
    package var description: String {
        "\(status) \(code?.rawValue ?? type.rawValue): \(message)"
    }
}
