import ArenaWire
import Foundation
import NIOCore
import Testing

@testable import OpenAISurface

/// Responses API events as the frames write them: order, numbering, items and the object they carry.
struct ResponseFramesTests {
    /// The frames of a request decoded from `json`.
    static func frames(_ json: String) throws -> ResponseFrames {
        let request = try ResponsesRequest.decode(ByteBuffer(string: json))
        return ResponseFrames(ResponseObject(request: request, promptText: "Say hello"))
    }

    /// Each event of `buffer`: its `event:` name and its `data:` object.
    static func events(_ buffer: ByteBuffer) throws -> [(name: String, data: [String: Any])] {
        let text = String(buffer: buffer)
        #expect(text.hasSuffix("\n\n"))
        return try text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { block in
            let lines = block.components(separatedBy: "\n")
            try #require(lines.count == 2 && lines[0].hasPrefix("event: ") && lines[1].hasPrefix("data: "))
            let data = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].dropFirst(6).utf8)) as? [String: Any])
            return (String(lines[0].dropFirst(7)), data)
        }
    }

    @Test func reasoningThenTextStreamsNumberedEventsAndCompletes() throws {
        var frames = try Self.frames(#"{"model":"m","input":"Say hello","metadata":{"b":"2","a":"1"}}"#)
        var buffer = ByteBuffer()
        frames.start(into: &buffer)
        frames.write(.reasoning("think"), into: &buffer)
        frames.write(.text("Hel"), into: &buffer)
        frames.write(.text("lo \"you\""), into: &buffer)
        frames.finish(upstreamReason: "stop", usage: nil, into: &buffer)
        let events = try Self.events(buffer)
        #expect(
            events.map(\.name) == [
                "response.created", "response.in_progress", "response.output_item.added", "response.reasoning_summary_part.added",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done", "response.reasoning_summary_part.done",
                "response.output_item.done", "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.delta", "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed",
            ])
        for (position, event) in events.enumerated() {
            #expect(event.data["type"] as? String == event.name)
            #expect(event.data["sequence_number"] as? Int == position)
        }
        #expect(events[12].data["text"] as? String == "Hello \"you\"")
        #expect(events[12].data["output_index"] as? Int == 1)
        let response = try #require(events.last?.data["response"] as? [String: Any])
        #expect(response["status"] as? String == "completed")
        #expect(response["metadata"] as? [String: String] == ["a": "1", "b": "2"])
        let output = try #require(response["output"] as? [[String: Any]])
        #expect(output.map { $0["type"] as? String } == ["reasoning", "message"])
        let usage = try #require(response["usage"] as? [String: Any])
        #expect(usage["output_tokens"] as? Int == TokenEstimate.count("Hello \"you\""))
        #expect((usage["input_tokens_details"] as? [String: Int])?["cache_write_tokens"] == 0)
        let created = try #require(events.first?.data["response"] as? [String: Any])
        #expect(created["status"] as? String == "in_progress")
        #expect(created["usage"] == nil)
    }

    @Test func aFailureClosesTheItemAndSendsResponseFailedWithTheError() throws {
        var frames = try Self.frames(#"{"model":"m","input":"hi"}"#)
        var buffer = ByteBuffer()
        frames.start(into: &buffer)
        frames.write(.text("partial"), into: &buffer)
        frames.fail(.shuttingDown, into: &buffer)
        let events = try Self.events(buffer)
        #expect(
            events.suffix(4).map(\.name) == [
                "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.failed",
            ])
        let response = try #require(events.last?.data["response"] as? [String: Any])
        #expect(response["status"] as? String == "failed")
        let error = try #require(response["error"] as? [String: String])
        #expect(error["code"] == "server_shutting_down")
        #expect(response["output"] as? [Any] != nil)
    }

    @Test func aLengthFinishIsIncompleteWithItsReason() throws {
        var frames = try Self.frames(#"{"model":"m","input":"hi"}"#)
        var buffer = ByteBuffer()
        frames.write(.text("cut"), into: &buffer)
        frames.finish(upstreamReason: "length", usage: nil, into: &buffer)
        let response = try #require(try Self.events(buffer).last?.data["response"] as? [String: Any])
        #expect(response["status"] as? String == "incomplete")
        #expect(response["incomplete_details"] as? [String: String] == ["reason": "max_output_tokens"])
    }

    @Test func aCollectedOutputKeepsReasoningTextAndCallsInOrder() throws {
        var choice = try ChatChoice(
            ChatCompletionAggregate(), index: 0,
            request: ChatCompletionRequest.decode(ByteBuffer(string: #"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#)))
        choice.reasoning = "r"
        choice.content = "text"
        choice.toolCalls = [ToolCall(id: "call_1", name: "f", arguments: #"{"x":1}"#)]
        let output = ResponseOutput(collected: choice)
        #expect(output.items.map(\.id.first) == ["r", "m", "f"])
        guard case .functionCall(_, let call) = output.items[2] else {
            Issue.record("the third item is not a call")
            return
        }
        #expect(call.arguments == #"{"x":1}"#)
        #expect(output.text == "text")
    }
}
