import NIOCore
import Testing

@testable import ArenaWire
@testable import OpenAISurface
@testable import ProxyServer

struct UpstreamFailureTests {
    @Test(arguments: [
        (UpstreamFailure.rejected(status: 401, retryAfter: nil, detail: "no access"), 503, "session_invalid"),
        (.rejected(status: 403, retryAfter: nil, detail: "recaptcha validation failed"), 503, "recaptcha_rejected"),
        (.rejected(status: 403, retryAfter: nil, detail: "Route not allowed"), 502, "upstream_route_not_allowed"),
        (.rejected(status: 404, retryAfter: nil, detail: "Model not found"), 404, "model_not_found"),
        (.rejected(status: 413, retryAfter: nil, detail: ""), 413, "request_too_large"),
        (.rejected(status: 422, retryAfter: nil, detail: ""), 400, "content_flagged"),
        (.rejected(status: 429, retryAfter: 7, detail: "Too Many Requests"), 429, "upstream_rate_limited"),
        (.rejected(status: 500, retryAfter: nil, detail: "oops"), 502, "upstream_error"),
        (.html(status: 403, title: "Just a moment..."), 502, "upstream_html"),
        (.arenaError("overloaded"), 502, "arena_error"),
        (.empty, 502, "upstream_empty"),
        (.malformed("x"), 502, "upstream_protocol_error"),
        (.transport(ArenaTransportError(.connect, "refused")), 502, "upstream_unreachable"),
        (.transport(ArenaTransportError(.connectionClosed, "closed")), 502, "upstream_connection_closed"),
        (.transport(ArenaTransportError(.connectTimeout, "t")), 504, "upstream_timeout"),
        (.transport(ArenaTransportError(.firstByteTimeout, "t")), 504, "upstream_timeout"),
        (.transport(ArenaTransportError(.idleTimeout, "t")), 504, "upstream_timeout"),
        (.transport(ArenaTransportError(.proxy, "407")), 502, "proxy_error"),
    ])
    func mapsToAStatusAndCode(failure: UpstreamFailure, status: Int, code: String) {
        let error = OpenAIError(failure)
        #expect(error.status == status)
        #expect(error.code?.rawValue == code)
        #expect(!error.message.isEmpty)
    }

    @Test func rateLimitCarriesRetryAfter() {
        #expect(OpenAIError(UpstreamFailure.rejected(status: 429, retryAfter: 7, detail: "")).retryAfter == 7)
        #expect(UpstreamBodyDetail.retryAfter("2.5") == 3)
        #expect(UpstreamBodyDetail.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
    }

    @Test func errorBodiesAreSummarized() {
        #expect(UpstreamBodyDetail.describe(.init(string: #"{"error":"Too Many Requests"}"#)) == "Too Many Requests")
        #expect(UpstreamBodyDetail.describe(.init(string: #"{"error":{"message":"nested"}}"#)) == "nested")
        #expect(UpstreamBodyDetail.describe(.init(string: "plain\ntext")) == "plain text")
        #expect(UpstreamBodyDetail.describe(.init(string: String(repeating: "x", count: 1000))).count == 303)
    }

    @Test func htmlIsRecognizedAndTitled() {
        let page = "<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>"
        #expect(UpstreamBodyDetail.isHTML(contentType: nil, firstBytes: .init(string: "  " + page)))
        #expect(UpstreamBodyDetail.isHTML(contentType: "text/html; charset=UTF-8", firstBytes: .init()))
        #expect(!UpstreamBodyDetail.isHTML(contentType: "application/json", firstBytes: .init(string: "{}")))
        #expect(UpstreamBodyDetail.htmlTitle(.init(string: page)) == "Just a moment...")
    }

    @Test func constantTimeComparison() {
        #expect(ConstantTime.equal(Array("secret".utf8), Array("secret".utf8)))
        #expect(!ConstantTime.equal(Array("secret".utf8), Array("secreT".utf8)))
        #expect(!ConstantTime.equal(Array("secret".utf8), Array("secret2".utf8)))
        #expect(!ConstantTime.equal([], Array("a".utf8)))
        #expect(APIKeyMiddleware<GatewayRequestContext>.accepts(Array("k2".utf8), keys: [Array("k1".utf8), Array("k2".utf8)]))
        #expect(!APIKeyMiddleware<GatewayRequestContext>.accepts(Array("k3".utf8), keys: [Array("k1".utf8), Array("k2".utf8)]))
    }

    @Test func bundledRegistryHoldsTheSeedModels() throws {
        let registry = try ModelRegistry.bundled()
        #expect(registry.models.filter { $0.modality == .chat }.count == 29)
        #expect(registry.models.filter { $0.modality == .image }.count == 8)
        #expect(registry.model(named: "gpt-4.1-2025-04-14")?.id == "14e9311c-94d2-40c2-8c54-273947e208b0")
        #expect(registry.model(named: "dall-e-3")?.modality == .image)
        #expect(registry.model(named: "nope") == nil)
    }
}
