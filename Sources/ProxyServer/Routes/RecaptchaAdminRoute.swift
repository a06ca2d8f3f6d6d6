import Accounts
import Foundation
import Hummingbird
import NIOCore
import OpenAISurface

/// `POST {prefix}/admin/recaptcha-tokens`: a browser helper hands in fresh reCAPTCHA tokens.
///
/// Guarded by `ADMIN_SECRET` (never by `API_SECRET`, so API users cannot feed tokens); without
/// `ADMIN_SECRET` the endpoint does not exist. Body: `{"token": "..."}` or `{"tokens": [...]}`.
struct RecaptchaAdminRoute: Sendable {
    static let maxTokensPerRequest = 100
    static let maxTokenLength = 8192

    let tokens: RecaptchaSupply

    func add(to router: Router<GatewayRequestContext>, prefix: String, adminSecret: String?, rateLimit: RateLimitMiddleware) {
        let path = RouterPath("\(prefix)/admin/recaptcha-tokens")
        guard let adminSecret else {
            router.post(path) { _, _ -> Response in
                throw OpenAIError(
                    status: 404, message: "the token endpoint is off: set ADMIN_SECRET to enable it", type: .invalidRequest,
                    code: .adminDisabled)
            }
            return
        }
        router.group(path).add(middleware: rateLimit).add(middleware: APIKeyMiddleware(keys: [adminSecret], setting: "ADMIN_SECRET")).post {
            request, _ in
            var request = request
            let body = try await RequestBodyLimit.collect(&request, limit: 1 << 20)
            let received = try Self.decode(body)
            let accepted = tokens.add(received)
            var buffer = ByteBuffer()
            buffer.writeStaticString("{\"accepted\":")
            buffer.writeString(String(accepted))
            buffer.writeStaticString(",\"pooled\":")
            buffer.writeString(String(tokens.count()))
            buffer.writeStaticString("}")
            return AnswerRoute.json(buffer)
        }
    }

    static func decode(_ body: ByteBuffer) throws(OpenAIError) -> [String] {
        let object = try RequestJSON.object(body)
        var tokens: [String] = []
        if let single = object["token"] {
            guard let token = single as? String else { throw .invalidRequest("token must be a string", param: "token", code: .invalidType) }
            tokens.append(token)
        }
        if let many = object["tokens"] {
            guard let list = many as? [String] else {
                throw .invalidRequest("tokens must be an array of strings", param: "tokens", code: .invalidType)
            }
            tokens += list
        }
        guard !tokens.isEmpty else { throw .invalidRequest("send a token: {\"token\": \"...\"} or {\"tokens\": [...]}", param: "token") }
        guard tokens.count <= maxTokensPerRequest else {
            throw .invalidRequest("at most \(maxTokensPerRequest) tokens per request", param: "tokens", code: .invalidValue)
        }
        guard tokens.allSatisfy({ !$0.isEmpty && $0.count <= maxTokenLength }) else {
            throw .invalidRequest("tokens must be non-empty and at most \(maxTokenLength) characters", param: "tokens", code: .invalidValue)
        }
        return tokens
    }
}
