import NIOCore
import NIOHTTP1
import Testing

@testable import Accounts
@testable import ArenaWire
@testable import GatewayCore
@testable import OpenAISurface
@testable import ProxyServer

/// The 2026 facts of docs/UPSTREAM.md, unit by unit: the stream's new lines, the error bodies,
/// the rate-limit header and what each means for the session and the client.
struct ArenaProtocol2026Tests {
    static func events(_ text: String) throws -> [ArenaEvent] {
        var parser = ArenaStreamParser()
        var events: [ArenaEvent] = []
        try parser.feed(ByteBuffer(string: text), into: &events)
        try parser.finish(into: &events)
        return events
    }

    @Test func webdevAndOtherA2ItemsAreSkipped() throws {
        let stream =
            #"a2:[{"type":"heartbeat"}]"# + "\n" + #"a2:[{"type":"webdev","event":{"type":"init","files":[]}}]"# + "\n"
            + #"a2:[{"type":"something-new","x":1}]"# + "\n" + #"a0:"Oi""# + "\n"
        #expect(try Self.events(stream) == [.text("Oi")])
    }

    @Test func anAeLineWithAMessageIsAnErrorAndWithoutOneIsSkipped() throws {
        #expect(try Self.events(#"ae:{"finishReason":"stop","isContinued":false}"# + "\n") == [])
        #expect(try Self.events(#"ae:{"message":"blocked by policy"}"# + "\n") == [.error("blocked by policy")])
        #expect(try Self.events("ae:not json\n") == [], "a step line that cannot be read never ends the answer")
    }

    @Test func anEmbeddedJSONErrorGivesTheClientItsMessageAndCode() {
        let error = OpenAIError(UpstreamFailure.arenaError(#"{"error":{"message":"The model is overloaded","code":"model_overloaded"}}"#))
        #expect(error.code?.rawValue == "model_overloaded")
        #expect(error.message == "lmarena reported an error: The model is overloaded")
        let prefixed = ArenaErrorText(#"Upstream error: {"message":"Bad request","code":400}"#)
        #expect(prefixed == ArenaErrorText(message: "Bad request", code: "400"))
        #expect(ArenaErrorText("plain words") == ArenaErrorText(message: "plain words", code: nil))
    }

    @Test func theRateLimitHeaderIsRead() {
        #expect(ArenaRateLimit(parsing: "limit=1800, remaining=1795, reset=275") == ArenaRateLimit(limit: 1800, remaining: 1795, reset: 275))
        #expect(ArenaRateLimit(parsing: "remaining=0,reset=16") == ArenaRateLimit(limit: nil, remaining: 0, reset: 16))
        #expect(ArenaRateLimit(parsing: "limit=10") == nil)
        #expect(ArenaRateLimit(parsing: "remaining=-1, reset=5") == nil)
    }

    @Test func a429WithoutRetryAfterRestsUntilTheWindowResets() {
        var headers = HTTPHeaders()
        headers.add(name: "ratelimit", value: "limit=1800, remaining=0, reset=120")
        let failure = UpstreamFailure.head(status: 429, headers: headers, body: ByteBuffer(string: #"{"error":"Too Many Requests"}"#))
        #expect(failure == .rejected(status: 429, retryAfter: 120, detail: "Too Many Requests"))
        #expect(failure?.sessionOutcome == .rateLimited(retryAfter: .seconds(120)))
        headers.add(name: "retry-after", value: "7")
        #expect(UpstreamFailure.head(status: 429, headers: headers, body: ByteBuffer())?.sessionOutcome == .rateLimited(retryAfter: .seconds(7)))
    }

    @Test func promptFailedIsNotARateLimit() {
        let failure = UpstreamFailure.head(status: 429, headers: [:], body: ByteBuffer(string: #"{"error":"prompt failed"}"#))!
        #expect(failure.isPromptFailed)
        #expect(failure.sessionOutcome == .notSessionFault)
        #expect(!failure.isRetryable)
        let error = OpenAIError(failure)
        #expect(error.code?.rawValue == "prompt_failed")
        #expect(error.message.contains("reCAPTCHA token") && error.message.contains("prompt it refuses"), "names both causes")
    }

    @Test func aLoginGateSetsTheSessionAsideButLeavesItUsable() {
        let failure = UpstreamFailure.head(status: 403, headers: [:], body: ByteBuffer(string: #"{"error":"Login required","code":"LOGIN_GATE"}"#))!
        #expect(failure.isLoginGate)
        #expect(failure.sessionOutcome == .notSessionFault)
        #expect(failure.setsSessionAside)
        #expect(failure.isRetryable)
        let error = OpenAIError(failure, model: "dall-e-3")
        #expect(error.status == 403)
        #expect(error.code?.rawValue == "login_required")
        #expect(error.message.contains("'dall-e-3'") && error.message.contains("sign in"))
    }

    @Test func notAllowedNamesTheModel() {
        let failure = UpstreamFailure.head(status: 403, headers: [:], body: ByteBuffer(string: #"{"error":"Not allowed"}"#))!
        #expect(!failure.isRetryable)
        #expect(failure.sessionOutcome == .notSessionFault)
        let error = OpenAIError(failure, model: "o3-mini")
        #expect(error.status == 403 && error.code?.rawValue == "model_not_allowed" && error.param == "model")
        #expect(error.message.contains("'o3-mini'"))
    }

    @Test func userNotFoundSaysWhichCookiesTheEntryMustCarry() {
        let failure = UpstreamFailure.head(status: 401, headers: [:], body: ByteBuffer(string: #"{"message":"User not found"}"#))!
        #expect(failure.sessionOutcome == .invalid(reason: "401: User not found"))
        for error in [OpenAIError(failure), OpenAIError(GatewayFailure.noUsableSession(after: failure))] {
            #expect(
                error.message.contains("LA_COOKIE") && error.message.contains("cf_clearance") && error.message.contains("Cookie header"),
                "\(error.message)")
        }
        #expect(!OpenAIError(GatewayFailure.noUsableSession(after: nil)).message.contains("User not found"))
    }

    @Test func aRedirectNamesItsLocationAndTheSetting() {
        let error = OpenAIError(
            UpstreamFailure.redirected(status: 301, location: "https://arena.ai/nextjs-api/stream/create-evaluation", origin: "https://lmarena.ai"))
        #expect(error.code?.rawValue == "upstream_redirect")
        #expect(error.message.contains("https://arena.ai/nextjs-api/stream/create-evaluation"))
        #expect(error.message.contains("LMARENA_BASE_URL (now https://lmarena.ai)"))
    }

    @Test func aChallengeAnsweredAs429IsCloudflareNotARateLimit() {
        var headers = HTTPHeaders()
        headers.add(name: "cf-mitigated", value: "challenge")
        headers.add(name: "content-type", value: "text/html")
        let failure = UpstreamFailure.head(status: 429, headers: headers, body: ByteBuffer(string: "<html><title>Just a moment...</title></html>"))
        #expect(failure == .cloudflare(.challenge, status: 429))
        #expect(failure?.sessionOutcome == .notSessionFault)
    }
}
