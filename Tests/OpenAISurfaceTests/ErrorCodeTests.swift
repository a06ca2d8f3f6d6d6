import NIOCore
import Testing

@testable import OpenAISurface

/// The codes a client reads are a closed set spelled once, and the one code the gateway does
/// not decide, the one lmarena put in its own error, goes through as it came.
struct ErrorCodeTests {
    @Test(arguments: ["model_not_found", "invalid_value", "upstream_timeout", "cloudflare_challenge", "server_shutting_down", "image_too_large"])
    func aKnownCodeIsACaseAndSpellsItselfBack(raw: String) {
        let code = ErrorCode(raw)
        if case .relayed = code { Issue.record("\(raw) is one of the gateway's own codes") }
        #expect(code.rawValue == raw)
    }

    @Test func aCodeLmarenaReportedIsRelayedAsItCame() {
        #expect(ErrorCode("MODEL_OVERLOADED") == .relayed("MODEL_OVERLOADED"))
        #expect(ErrorCode.relayed("model_overloaded").rawValue == "model_overloaded")
    }

    @Test func theBodyCarriesTheCodeAndTheType() {
        let error = OpenAIError(status: 404, message: "no such model", type: .invalidRequest, param: "model", code: .modelNotFound)
        #expect(
            String(buffer: error.body)
                == #"{"error":{"message":"no such model","type":"invalid_request_error","param":"model","code":"model_not_found"}}"#)
        let relayed = OpenAIError(status: 502, message: "busy", type: .upstream, code: .relayed("MODEL_OVERLOADED"))
        #expect(String(buffer: relayed.body).contains(#""code":"MODEL_OVERLOADED""#))
    }
}
