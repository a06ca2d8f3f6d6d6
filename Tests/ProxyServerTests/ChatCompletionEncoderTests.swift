import Foundation
import NIOCore
import Testing

@testable import ArenaWire
@testable import OpenAISurface
@testable import ProxyServer

struct ChatCompletionEncoderTests {
    /// The JSON objects of the `data:` frames in `buffer`, and whether it ended with `[DONE]`.
    static func frames(_ buffer: ByteBuffer) throws -> (objects: [[String: Any]], done: Bool) {
        let text = String(buffer: buffer)
        var objects: [[String: Any]] = []
        var done = false
        for block in text.components(separatedBy: "\n\n") where !block.isEmpty {
            #expect(block.hasPrefix("data: "), "every event is one data line: \(block)")
            let payload = String(block.dropFirst(6))
            if payload == "[DONE]" {
                done = true
                continue
            }
            let object = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
            objects.append(object)
        }
        return (objects, done)
    }

    @Test func framesFollowOpenAIsChunkShape() throws {
        var encoder = ChatCompletionStreamEncoder(id: "chatcmpl-1", created: 1_700_000_000, model: "m", includeUsage: true)
        var buffer = ByteBuffer()
        encoder.write(.reasoning("think"), into: &buffer)
        encoder.write(.text("Hel\"lo\n"), into: &buffer)
        encoder.write(.finish(reason: "stop", usage: nil), into: &buffer)
        encoder.write(.images(["https://x/1.png"]), into: &buffer)
        encoder.writeEnd(finishReason: "stop", usage: CompletionUsage(promptTokens: 2, completionTokens: 3), into: &buffer)
        let (objects, done) = try Self.frames(buffer)
        #expect(done)
        #expect(objects.count == 5)
        for object in objects {
            #expect(object["id"] as? String == "chatcmpl-1")
            #expect(object["created"] as? Int == 1_700_000_000)
            #expect(object["object"] as? String == "chat.completion.chunk")
            #expect(object["model"] as? String == "m")
        }
        let deltas = objects.prefix(4).map { (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]) ?? [:] }
        #expect(deltas[0]["role"] as? String == "assistant")
        #expect(deltas[0]["reasoning_content"] as? String == "think")
        #expect(deltas[1]["role"] == nil)
        #expect(deltas[1]["content"] as? String == "Hel\"lo\n")
        #expect(deltas[2]["content"] as? String == "\n\n![image](https://x/1.png)")
        #expect(deltas[3].isEmpty)
        let reasons = objects.prefix(4).map { ($0["choices"] as? [[String: Any]])?.first?["finish_reason"] }
        #expect(reasons[0] is NSNull && reasons[1] is NSNull && reasons[2] is NSNull)
        #expect(reasons[3] as? String == "stop")
        let usageChunk = objects[4]
        #expect((usageChunk["choices"] as? [Any])?.isEmpty == true)
        let usage = try #require(usageChunk["usage"] as? [String: Any])
        #expect(usage["prompt_tokens"] as? Int == 2)
        #expect(usage["completion_tokens"] as? Int == 3)
        #expect(usage["total_tokens"] as? Int == 5)
        #expect(objects[1]["usage"] is NSNull, "with include_usage every other chunk has usage: null")
        #expect(encoder.completionTally.tokens == TokenEstimate.count("Hel\"lo\n\n\n![image](https://x/1.png)"))
    }

    @Test func withoutIncludeUsageThereIsNoUsageChunk() throws {
        var encoder = ChatCompletionStreamEncoder(id: "c", created: 1, model: "m", includeUsage: false)
        var buffer = ByteBuffer()
        encoder.write(.text("a"), into: &buffer)
        encoder.writeEnd(finishReason: "length", usage: CompletionUsage(promptTokens: 1, completionTokens: 1), into: &buffer)
        let (objects, done) = try Self.frames(buffer)
        #expect(done)
        #expect(objects.count == 2)
        #expect(objects.allSatisfy { $0["usage"] == nil })
    }

    @Test func errorFrameHasOpenAIsErrorShape() throws {
        var buffer = ByteBuffer()
        ChatCompletionStreamEncoder.writeError(OpenAIError(status: 502, message: "boom", type: .upstream, code: .arenaError), into: &buffer)
        let (objects, done) = try Self.frames(buffer)
        #expect(!done)
        let error = try #require(objects.first?["error"] as? [String: Any])
        #expect(error["message"] as? String == "boom")
        #expect(error["type"] as? String == "upstream_error")
        #expect(error["code"] as? String == "arena_error")
        #expect(error["param"] is NSNull)
    }

    @Test func aggregateBuildsAChatCompletion() throws {
        var aggregate = ChatCompletionAggregate()
        for event: ArenaEvent in [.reasoning("r1"), .text("Hello"), .reasoning("r2"), .text(" world"), .finish(reason: "length", usage: nil)] {
            aggregate.add(event)
        }
        let choice = try ChatChoice(aggregate, index: 0, request: ChatCompletionRequest(model: "m", messages: []))
        let usage = CompletionUsage.resolve(upstream: nil, promptText: "Say hello please", completionTokens: choice.completionTokens)
        let body = ChatChoice.body(id: "chatcmpl-x", created: 5, model: "m", choices: [choice], usage: usage)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8)) as? [String: Any])
        #expect(object["object"] as? String == "chat.completion")
        #expect(object["system_fingerprint"] == nil, "omitted: OpenAI's schema wants a string when it is there")
        let written = try #require((object["choices"] as? [[String: Any]])?.first)
        let message = try #require(written["message"] as? [String: Any])
        #expect(message["role"] as? String == "assistant")
        #expect(message["content"] as? String == "Hello world")
        #expect(message["reasoning_content"] as? String == "r1r2")
        #expect(written["finish_reason"] as? String == "length")
        let counted = try #require(object["usage"] as? [String: Any])
        #expect(counted["prompt_tokens"] as? Int == TokenEstimate.count("Say hello please"))
        #expect(counted["completion_tokens"] as? Int == TokenEstimate.count("Hello world"))
    }

    @Test(arguments: [("", 0), ("abcd", 1), ("abcde", 2), ("中文", 2), ("hi 😀", 2), ("é", 1)])
    func tokenEstimate(text: String, tokens: Int) {
        #expect(TokenEstimate.count(text) == tokens)
    }

    @Test func aTallyOfPiecesEqualsTheCountOfTheWhole() {
        let pieces = ["Hel", "lo wör", "ld 中", "文 😀", " ", "end"]
        var tally = TokenEstimate.Tally()
        for piece in pieces { tally.add(piece) }
        #expect(tally.tokens == TokenEstimate.count(pieces.joined()))
    }

    @Test func finishReasonMapping() {
        #expect(FinishReason.openAI("stop") == "stop")
        #expect(FinishReason.openAI("length") == "length")
        #expect(FinishReason.openAI("content-filter") == "content_filter")
        #expect(FinishReason.openAI("tool-calls") == "stop")
        #expect(FinishReason.openAI(nil) == "stop")
    }
}
