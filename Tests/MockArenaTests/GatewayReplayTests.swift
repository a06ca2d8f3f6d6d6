import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockArena
import NIOCore
import OpenAISurface
import ProxyServer
import Recorder
import TestSupport
import Testing

/// Layer 2: the whole gateway over MockArena's in-process replay transport, for every fixture.
struct GatewayReplayTests {
    static func app(for fixture: FixtureCorpus.Case) throws -> some ApplicationProtocol {
        try GatewayHarness.application(
            configuration: GatewayHarness.configuration(dialect: fixture.dialect) { $0.sessions = fixture.sessions },
            transport: ReplayTransport(replayer: try FixtureCorpus.replayer(), idleTimeout: .milliseconds(500)))
    }

    static let json: HTTPFields = [.contentType: "application/json"]

    @Test(arguments: FixtureCorpus.cases())
    func streamedAnswerMatchesTheFixture(fixture: FixtureCorpus.Case) async throws {
        let expect = fixture.expect
        try await Self.app(for: fixture).test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: Self.json,
                body: ByteBuffer(string: fixture.requestBody(stream: true, includeUsage: true)))
            #expect(response.status.code == expect.status)
            if expect.status != 200 {
                let error = try ErrorBody(response.body)
                #expect(error.code == expect.errorCode)
                if let retryAfter = expect.retryAfter {
                    #expect(response.headers[.retryAfter] == String(retryAfter))
                }
                return
            }
            #expect(response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            let transcript = SSETranscript(String(buffer: response.body))
            #expect(transcript.violations.isEmpty, "\(transcript.violations)")
            #expect(OriginPattern.matches(transcript.content, expect.content), "\(transcript.content)")
            #expect(transcript.reasoning == (expect.reasoning ?? ""))
            if let code = expect.streamErrorCode {
                #expect(transcript.error?["code"] == code)
                #expect(!transcript.done, "an error frame ends the stream without [DONE]")
                #expect(transcript.finishReason == nil)
            } else {
                #expect(transcript.error == nil)
                #expect(transcript.done)
                #expect(transcript.finishReason == expect.finishReason)
                let usage = try #require(transcript.usage)
                if let expected = expect.usage {
                    #expect(usage["prompt_tokens"] == expected.promptTokens)
                    #expect(usage["completion_tokens"] == expected.completionTokens)
                } else {
                    #expect(usage["completion_tokens"] == TokenEstimate.count(transcript.content))
                }
                #expect(usage["total_tokens"] == (usage["prompt_tokens"] ?? 0) + (usage["completion_tokens"] ?? 0))
            }
        }
    }

    @Test(arguments: FixtureCorpus.cases())
    func collectedAnswerMatchesTheFixture(fixture: FixtureCorpus.Case) async throws {
        let expect = fixture.expect
        try await Self.app(for: fixture).test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: Self.json, body: ByteBuffer(string: fixture.requestBody(stream: false)))
            let status = expect.nonStreamStatus ?? expect.status
            #expect(Int(response.status.code) == status)
            if status != 200 {
                let error = try ErrorBody(response.body)
                #expect(error.code == (expect.streamErrorCode ?? expect.errorCode))
                return
            }
            let object = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
            #expect(object["object"] as? String == "chat.completion")
            #expect((object["id"] as? String)?.hasPrefix("chatcmpl-") == true)
            #expect(object["model"] as? String == expect.model)
            let choice = try #require((object["choices"] as? [[String: Any]])?.first)
            let message = try #require(choice["message"] as? [String: Any])
            #expect(OriginPattern.matches(message["content"] as? String, expect.content))
            #expect(message["reasoning_content"] as? String == expect.reasoning)
            #expect(choice["finish_reason"] as? String == expect.finishReason)
        }
    }
}

/// An OpenAI error body, decoded.
struct ErrorBody {
    let message: String
    let type: String
    let param: String?
    let code: String?

    init(_ buffer: ByteBuffer) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: buffer).utf8)) as? [String: Any])
        let error = try #require(object["error"] as? [String: Any], "not an OpenAI error body: \(String(buffer: buffer))")
        message = try #require(error["message"] as? String)
        type = try #require(error["type"] as? String)
        param = error["param"] as? String
        code = error["code"] as? String
        #expect(error.keys.sorted() == ["code", "message", "param", "type"])
    }
}
