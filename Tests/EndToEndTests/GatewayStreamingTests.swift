import ArenaWire
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import TestSupport
import Testing

/// The gateway writes each upstream chunk as it arrives instead of collecting the answer first.
///
/// Proven without a clock: the upstream holds back every chunk after the first until the client
/// has read the first one. A gateway that collected the answer first would never let the client
/// read it, and the gate's own deadline (a guard, far beyond any scheduling delay) fails the test.
@Suite(.serialized)
struct GatewayStreamingTests {
    /// Opens once; whoever waits before that waits until it opens (or its deadline passes).
    final class Gate: Sendable {
        private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
        private let forcedOpen = Mutex(false)

        func open() {
            let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.open = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }

        /// Waits until the gate opens, or opens it after `deadline` and remembers that it had to.
        func wait(deadline: Duration) async {
            let guardTask = Task {
                try await Task.sleep(for: deadline)
                forcedOpen.withLock { $0 = true }
                open()
            }
            await withCheckedContinuation { continuation in
                let already = state.withLock { state -> Bool in
                    if state.open { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if already { continuation.resume() }
            }
            guardTask.cancel()
        }

        /// Whether the deadline, not the client, opened it.
        var wasForced: Bool { forcedOpen.withLock { $0 } }
    }

    /// Passes the first chunk of every answer through and holds the rest until `gate` opens.
    struct GatedTransport: ArenaTransport {
        let base: any ArenaTransport
        let gate: Gate

        func send(_ request: ArenaRequest) async throws -> ArenaResponse {
            let response = try await base.send(request)
            let gate = self.gate
            let held = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
                let task = Task {
                    do {
                        var first = true
                        for try await chunk in response.body {
                            if !first { await gate.wait(deadline: .seconds(60)) }
                            first = false
                            continuation.yield(chunk)
                        }
                        continuation.finish()
                    } catch {
                        continuation.finish(throwing: error)
                    }
                }
                continuation.onTermination = { _ in task.cancel() }
            }
            return ArenaResponse(status: response.status, headers: response.headers, body: ArenaBody(held))
        }
    }

    @Test func theClientReadsTheFirstChunkWhileUpstreamHoldsTheRest() async throws {
        let gate = Gate()
        let body = #"{"model":"gpt-4.1-2025-04-14","stream":true,"messages":[{"role":"user","content":"Pace your answer"}]}"#
        try await LiveStack.with(
            replayer: try FixtureCorpus.replayer(), speed: 0, configuration: GatewayHarness.configuration(),
            wrap: { GatedTransport(base: $0, gate: gate) }
        ) { port in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
            #expect(response.status.code == 200)
            var text = ""
            for try await chunk in response.body {
                text += String(buffer: chunk)
                if text.contains(#""content":"one ""#) { gate.open() }
            }
            #expect(!gate.wasForced, "the first chunk reached the client only after the upstream answer ended")
            let content = SSETranscript(text).content
            #expect(content == "one two three four five", "\(text)")
        }
    }
}
