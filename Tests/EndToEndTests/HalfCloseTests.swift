import Foundation
import MockArena
import NIOCore
import TestSupport
import Testing

@testable import ProxyServer

/// Guards against a defect found by an attack run: a client that half-closed its sending side after a streaming request lost
/// the stream after a frame or two: the end of input was taken for the client leaving. It now
/// gets the whole stream (``HalfCloseProbe``); a client that really leaves is still noticed
/// (`ResilienceEndToEndTests.aClientLeavingClosesTheUpstreamConnectionAtOnce`).
struct HalfCloseTests {
    static let body = #"{"model":"gpt-4.1-2025-04-14","stream":true,"messages":[{"role":"user","content":"Say hello"}]}"#

    static func request(_ body: String) -> [UInt8] {
        Array(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                .utf8)
    }

    @Test func aClientThatHalfClosesAfterItsRequestReadsTheWholeStream() async throws {
        let replayer = try FixtureCorpus.replayer()
        // At replay speed 1 the answer's five chunks arrive 300 to 460 ms after the request.
        try await LiveStack.with(replayer: replayer, speed: 1, configuration: GatewayHarness.configuration()) { port in
            let answer = try await RawHTTP.exchange(port: port, Self.request(Self.body), seconds: 10, halfClose: true)
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(300))")
            for piece in ["Hello", "! How can", " I help you", " today?"] {
                #expect(answer.contains(#""content":"\#(piece)""#), "\(piece): \(answer.suffix(600))")
            }
            #expect(answer.contains("data: [DONE]"))
            #expect(replayer.abandonedReplays.isEmpty)
        }
    }

    @Test func theResponsesStreamSurvivesAHalfCloseToo() async throws {
        let body = #"{"model":"gpt-4.1-2025-04-14","stream":true,"input":"Say hello"}"#
        let request = Array(
            "POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        try await LiveStack.with(replayer: try FixtureCorpus.replayer(), speed: 1, configuration: GatewayHarness.configuration()) { port in
            let answer = try await RawHTTP.exchange(port: port, request, seconds: 10, halfClose: true)
            #expect(answer.contains("event: response.completed"), "\(answer.suffix(600))")
        }
    }

    @Test func theStateHoldsTheEndOfInputOnlyWhileAStreamGoesOut() {
        var state = HalfCloseState()
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        // Idle: passed on at once.
        #expect(state.inputClosed(now: start) == .forward)
        // An answer that is not a stream: held until its head says so, then passed on.
        state.requestHead()
        state.requestEnd()
        #expect(state.inputClosed(now: start) == .hold)
        #expect(state.responseHead(isEventStream: false, now: start) == .forward)
        #expect(state.responseEnded() == false)
        // A stream whose head is out: probes at 0, 200 ms, 1 s, then every 5 s.
        state.requestHead()
        state.requestEnd()
        #expect(state.responseHead(isEventStream: true, now: start) == HalfCloseState.Action.none)
        #expect(state.inputClosed(now: start) == .holdAndProbe)
        #expect(state.probeWanted)
        #expect(state.probeWritten(now: start) == start + .milliseconds(200))
        #expect(state.probeWritten(now: start + .milliseconds(200)) == start + .seconds(1))
        #expect(state.probeWritten(now: start + .seconds(1)) == start + .seconds(6))
        #expect(state.responseEnded() == true)
        #expect(!state.probeWanted)
        #expect(state.probeWritten(now: start) == nil)
        // The end of input before the stream's head: held, and probing starts with the head.
        state.requestHead()
        state.requestEnd()
        #expect(state.inputClosed(now: start) == .hold)
        #expect(!state.probeWanted)
        #expect(state.responseHead(isEventStream: true, now: start + .seconds(3)) == .holdAndProbe)
        #expect(state.probeWritten(now: start + .seconds(3)) == start + .seconds(3) + .milliseconds(200))
        #expect(state.responseEnded() == true)
        // The end of input inside an unfinished body: passed on, so the request fails at once.
        state.requestHead()
        #expect(state.inputClosed(now: start) == .forward)
    }
}
