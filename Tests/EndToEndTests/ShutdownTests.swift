import AsyncHTTPClient
import ChildProcesses
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@testable import GatewayCore
@testable import MockArena

/// SIGTERM on a real `serve` process: stop accepting, let streams finish up to SHUTDOWN_GRACE, exit 0.
struct ShutdownTests {
    /// Runs `serve` against MockArena at speed 1, starts a stream for `prompt`, sends SIGTERM
    /// after its first content, and returns what the client read, the exit status and how long
    /// the process took to exit after the signal.
    static func terminateDuringStream(prompt: String, grace: String, responses: Bool = false) async throws -> (
        text: String, status: Int32, exitAfter: Duration, log: String
    ) {
        let replayer = try FixtureCorpus.replayer()
        var logger = Logger(label: "mockarena")
        logger.logLevel = .critical
        return try await LiveServer.with({ running in
            MockArenaServer.application(replayer: replayer, speed: 1, host: "127.0.0.1", port: 0, logger: logger, onServerRunning: running)
        }) { mockPort in
            let port = try ChildProcess.freePort()
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("shutdown-\(UUID().uuidString).log")
            defer { try? FileManager.default.removeItem(at: log) }
            let server = try ChildProcess.start(
                ["serve"],
                environment: [
                    "PORT": "\(port)", "HOST": "127.0.0.1", "LMARENA_BASE_URL": "http://127.0.0.1:\(mockPort)", "LA_COOKIE": "shutdown-session",
                    "RECAPTCHA_TOKEN": "t", "IDLE_TIMEOUT": "60", "SHUTDOWN_GRACE": grace, "DATA_DIR": "none",
                ], log: log)
            defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
            try await ChildProcess.waitUntilReady("http://127.0.0.1:\(port)/healthz")

            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/\(responses ? "responses" : "chat/completions")")
            request.method = .POST
            let body =
                responses
                ? #"{"model":"gpt-4.1-2025-04-14","stream":true,"input":"\#(prompt)"}"#
                : LiveStack.chatBody(model: "gpt-4.1-2025-04-14", prompt: prompt, stream: true)
            request.body = .bytes(ByteBuffer(string: body))
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let response = try await client.execute(request, timeout: .seconds(30))
            var text = ""
            var signalled: ContinuousClock.Instant?
            do {
                for try await chunk in response.body {
                    text += String(buffer: chunk)
                    if signalled == nil, text.contains("\"content\"") || text.contains("output_text.delta") {
                        kill(server.processIdentifier, SIGTERM)
                        signalled = .now
                        try await Task.sleep(for: .milliseconds(100))
                        let refused = try? await HTTPClient.shared.execute(
                            HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz"), timeout: .seconds(2))
                        #expect(refused == nil, "a draining server accepts no new connection")
                    }
                }
            } catch {
                text += "\n[stream ended with \(error)]"
            }
            try? await client.shutdown()
            while server.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            let exitAfter = (signalled ?? .now).duration(to: .now)
            return (text, server.terminationStatus, exitAfter, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
        }
    }

    @Test func aStreamInFlightFinishesThenTheProcessExitsZero() async throws {
        let result = try await Self.terminateDuringStream(prompt: "Pace your answer", grace: "10")
        let transcript = SSETranscript(result.text)
        #expect(transcript.content == "one two three four five")
        #expect(transcript.done)
        #expect(result.status == 0)
        #expect(result.exitAfter < .seconds(10), "it exits once the stream is done, not at the end of the grace")
    }

    @Test func aStreamThatNeverEndsIsCutAtTheGrace() async throws {
        let result = try await Self.terminateDuringStream(prompt: "Stall in the middle", grace: "1")
        #expect(result.text.contains("Two chunks"))
        let transcript = SSETranscript(result.text)
        #expect(!transcript.done)
        // Guards against a defect found by an attack run: the cut stream ends with an error frame, not silently, and one log
        // line counts the streams the grace cut.
        #expect(transcript.error?["code"] == "server_shutting_down", "\(result.text.suffix(400))")
        #expect(transcript.error?["type"] == "server_error")
        #expect(!result.text.contains("[stream ended with"), "the stream ends cleanly after its error frame: \(result.text.suffix(300))")
        #expect(result.log.contains("1 streams were still open at the end of SHUTDOWN_GRACE"), "\(result.log)")
        #expect(result.status == 0)
        #expect(result.exitAfter < .seconds(8), "grace 1 s, then at most 5 s of cancellation")
    }

    @Test func aResponsesStreamCutByTheGraceEndsWithResponseFailed() async throws {
        let result = try await Self.terminateDuringStream(prompt: "Stall in the middle", grace: "1", responses: true)
        #expect(result.text.contains("Two chunks"))
        #expect(result.text.contains("event: response.failed"), "\(result.text.suffix(400))")
        #expect(result.text.contains("server_shutting_down"))
        #expect(!result.text.contains("response.completed"))
    }

    @Test(arguments: [(30.0, 29_000), (2.0, 1_600), (0.0, 0)])
    func streamsAreCutShortlyBeforeTheGraceEnds(grace: Double, milliseconds: Int64) {
        #expect(ShutdownState.cutDelay(grace: .seconds(grace)) == .milliseconds(milliseconds))
    }
}
