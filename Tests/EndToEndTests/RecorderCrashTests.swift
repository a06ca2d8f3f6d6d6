import AsyncHTTPClient
import ChildProcesses
import Foundation
import Logging
import MockArena
import NIOCore
import NIOHTTP1
import Recorder
import TestSupport
import Testing

/// A real `serve --record` process killed in the middle of a stream leaves no partial fixture.
struct RecorderCrashTests {
    /// Runs MockArena at speed 1 and a `serve --record DIRECTORY --record-mode all` process in
    /// front of it (with `environment` added); `body` gets the process and the gateway's port.
    static func withRecordingServe(
        into directory: URL, environment: [String: String] = [:], _ body: @Sendable @escaping (Process, Int) async throws -> Void
    ) async throws {
        let replayer = try FixtureCorpus.replayer()
        var logger = Logger(label: "mockarena")
        logger.logLevel = .critical
        try await LiveServer.with({ running in
            MockArenaServer.application(replayer: replayer, speed: 1, host: "127.0.0.1", port: 0, logger: logger, onServerRunning: running)
        }) { mockPort in
            let port = try ChildProcess.freePort()
            let log = directory.appendingPathExtension("log")
            defer { try? FileManager.default.removeItem(at: log) }
            let server = try ChildProcess.start(
                ["serve", "--record", directory.path, "--record-mode", "all"],
                environment: [
                    "PORT": "\(port)", "HOST": "127.0.0.1", "LMARENA_BASE_URL": "http://127.0.0.1:\(mockPort)", "LA_COOKIE": "recording-session",
                    "RECAPTCHA_TOKEN": "t", "IDLE_TIMEOUT": "60", "DATA_DIR": "none", "MODELS_REFRESH": "0",
                ].merging(environment) { $1 }, log: log)
            defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
            try await ChildProcess.waitUntilReady("http://127.0.0.1:\(port)/healthz")
            try await body(server, port)
        }
    }

    @Test func killingTheServerMidStreamLeavesNoPartialFixture() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.withRecordingServe(into: directory) { server, port in

            // A whole exchange first: `--record` is on, and a finished exchange is kept.
            let whole = try await LiveStack.post(
                port: port, body: LiveStack.chatBody(model: "gpt-4.1-2025-04-14", prompt: "Say hello", stream: false))
            #expect(whole.status == 200)
            var recorded: [String] = []
            for _ in 0..<100 where !recorded.contains(where: { $0.contains("say-hello") }) {
                try await Task.sleep(for: .milliseconds(20))
                recorded = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".har") }
            }
            #expect(recorded.contains { $0.contains("say-hello") }, "serve --record records")

            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: LiveStack.chatBody(model: "gpt-4.1-2025-04-14", prompt: "Stall in the middle", stream: true)))
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let response = try await client.execute(request, timeout: .seconds(30))
            var iterator = response.body.makeAsyncIterator()
            var received = ""
            while !received.contains("arrive, "), let chunk = try await iterator.next() { received += String(buffer: chunk) }
            #expect(received.contains("Two chunks"), "the stream was under way")

            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
            try? await client.shutdown()
            let left = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            #expect(left.sorted() == recorded.sorted(), "the killed recorder left \(left) beside the finished exchanges")
            for file in left { #expect((try? FixtureFile.read(directory.appendingPathComponent(file))) != nil, "\(file) is a whole fixture") }
        }
    }

    /// Guards against a defect found by an attack run: a stream cut by the gateway's own shutdown was labelled `client-disconnect`.
    @Test func aStreamCutByTheShutdownIsLabelledSo() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shutdown-record-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.withRecordingServe(into: directory, environment: ["SHUTDOWN_GRACE": "1"]) { server, port in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: LiveStack.chatBody(model: "gpt-4.1-2025-04-14", prompt: "Stall in the middle", stream: true)))
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let response = try await client.execute(request, timeout: .seconds(30))
            var iterator = response.body.makeAsyncIterator()
            var received = ""
            while !received.contains("Two chunks"), let chunk = try await iterator.next() { received += String(buffer: chunk) }
            kill(server.processIdentifier, SIGTERM)
            while server.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            try? await client.shutdown()
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".har") }
            #expect(files.count == 1, "\(files)")
            let outcome = try files.first.map { try FixtureFile.read(directory.appendingPathComponent($0)).log.fixture?.outcome }
            #expect(outcome == "server-shutdown")
        }
    }
}
