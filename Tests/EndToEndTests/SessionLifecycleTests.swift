import AsyncHTTPClient
import ChildProcesses
import Foundation
import Logging
import MockArena
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

/// Sessions as a new user meets them, on a real `serve` process in front of MockArena: cookies
/// that rotate on every answer, a restart with the same `LA_COOKIE` and `DATA_DIR`, a session
/// near expiry, and a session posted at run time. The cookies are synthetic Supabase sessions.
@Suite(.serialized)
struct SessionLifecycleTests {
    /// One `serve` process and what it logged.
    struct Gateway {
        let process: Process
        let port: Int
        let log: URL

        /// Sends SIGTERM and waits for the process to exit.
        func stop() async throws {
            kill(process.processIdentifier, SIGTERM)
            while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        }

        /// A chat completion; returns the status and body.
        func chat(_ prompt: String, key: String? = nil) async throws -> (status: Int, text: String) {
            try await SessionLifecycleTests.send(
                port: port, path: "/v1/chat/completions", method: .POST,
                body: LiveStack.chatBody(model: SessionFixtures.model, prompt: prompt, stream: false))
        }
    }

    static func send(port: Int, path: String, method: HTTPMethod, body: String? = nil, key: String? = nil) async throws -> (status: Int, text: String)
    {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers.add(name: "content-type", value: "application/json")
        if let key { request.headers.add(name: "authorization", value: "Bearer \(key)") }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    /// Runs MockArena over `fixtures`; `body` gets its port and the replayer.
    static func withMock<T: Sendable>(_ fixtures: URL, _ body: @Sendable @escaping (Int, FixtureReplayer) async throws -> T) async throws -> T {
        let replayer = try FixtureReplayer(directory: fixtures)
        var logger = Logger(label: "mockarena")
        logger.logLevel = .critical
        return try await LiveServer.with({ running in
            MockArenaServer.application(replayer: replayer, speed: 0, host: "127.0.0.1", port: 0, logger: logger, onServerRunning: running)
        }) { port in try await body(port, replayer) }
    }

    /// Starts `serve` against MockArena on `mockPort` with `environment` added.
    static func start(mockPort: Int, dataDir: URL, logs: URL, _ environment: [String: String]) async throws -> Gateway {
        let port = try ChildProcess.freePort()
        let log = logs.appendingPathComponent("serve-\(UUID().uuidString).log")
        let process = try ChildProcess.start(
            ["serve"],
            environment: [
                "PORT": "\(port)", "HOST": "127.0.0.1", "LMARENA_BASE_URL": "http://127.0.0.1:\(mockPort)", "RECAPTCHA_TOKEN": "t",
                "DATA_DIR": dataDir.path, "MODELS_REFRESH": "0", "DEBUG": "true",
            ].merging(environment) { $1 }, log: log)
        try await ChildProcess.waitUntilReady("http://127.0.0.1:\(port)/healthz")
        return Gateway(process: process, port: port, log: log)
    }

    static func temporary(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every file under `directory` but the state database, as text.
    static func filesOutsideTheDatabase(_ directory: URL) -> [(String, String)] {
        let paths = (FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String]) ?? []
        return paths.filter { !$0.contains("lmarena2api.sqlite") }.compactMap { path in
            (try? String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)).map { (path, $0) }
        }
    }

    @Test func aCookieThatRotatesOnEveryAnswerServesAHundredRequestsAndSurvivesARestart() async throws {
        let far = Date(timeIntervalSinceNow: 30 * 86_400)
        let values = (0...100).map { SessionFixtures.cookie(serial: $0, expiresAt: far.addingTimeInterval(Double($0))) }
        let prompt = "Rotate me"
        var entries = try (0..<100).map { index in
            try SessionFixtures.answer(
                prompt: prompt, cookie: values[index], text: "answer \(index)", setCookies: [SessionFixtures.setCookie(values[index + 1])])
        }
        // Any other cookie, a spent one included, is refused as the site refuses it.
        entries.append(try SessionFixtures.answer(prompt: prompt, cookie: nil, status: 401))
        let fixtures = try SessionFixtures.directory("rotation", entries)
        let dataDir = try Self.temporary("data")
        let logs = try Self.temporary("logs")
        defer { for url in [fixtures, dataDir, logs] { try? FileManager.default.removeItem(at: url) } }

        try await Self.withMock(fixtures) { mockPort, replayer in
            var gateway = try await Self.start(mockPort: mockPort, dataDir: dataDir, logs: logs, ["LA_COOKIE": values[0]])
            for index in 0..<60 {
                let answer = try await gateway.chat(prompt)
                #expect(answer.status == 200 && answer.text.contains("answer \(index)"), "request \(index): \(answer.text)")
            }
            try await gateway.stop()
            // The same LA_COOKIE (spent 60 rotations ago) and DATA_DIR: the gateway goes on with the rotated cookie.
            gateway = try await Self.start(mockPort: mockPort, dataDir: dataDir, logs: logs, ["LA_COOKIE": values[0]])
            for index in 60..<100 {
                let answer = try await gateway.chat(prompt)
                #expect(answer.status == 200 && answer.text.contains("answer \(index)"), "request \(index): \(answer.text)")
            }
            try await gateway.stop()
            for index in 0..<100 {
                #expect(replayer.servedCount("rotation.har#\(index)") == 1, "each cookie is sent exactly once")
            }
            #expect(replayer.servedCount("rotation.har#100") == 0, "no request went out with a spent cookie")
        }
        let logText = try FileManager.default.contentsOfDirectory(at: logs, includingPropertiesForKeys: nil)
            .map { try String(contentsOf: $0, encoding: .utf8) }.joined()
        #expect(logText.contains("starts from the cookie lmarena rotated it to"))
        for value in values {
            #expect(!logText.contains(value), "no cookie value in the logs")
            #expect(!logText.contains(String(value.prefix(40))))
            for (path, text) in Self.filesOutsideTheDatabase(dataDir) { #expect(!text.contains(value), "\(path) holds a cookie") }
        }
        let database = dataDir.appendingPathComponent("lmarena2api.sqlite").path
        let mode = try FileManager.default.attributesOfItem(atPath: database)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aSessionThatExpiresInTwoMinutesIsRefreshedBeforeAnyRequestFails() async throws {
        let expiring = SessionFixtures.cookie(serial: 1, expiresAt: Date(timeIntervalSinceNow: 120))
        let fresh = SessionFixtures.cookie(serial: 2, expiresAt: Date(timeIntervalSinceNow: 3720))
        let fixtures = try SessionFixtures.directory(
            "refresh",
            [
                try SessionFixtures.answer(prompt: "Still there?", cookie: expiring, status: 401),
                try SessionFixtures.page(cookie: expiring, setCookies: [SessionFixtures.setCookie(fresh)]),
                try SessionFixtures.answer(prompt: "Still there?", cookie: fresh, text: "Still here."),
            ])
        let dataDir = try Self.temporary("data")
        let logs = try Self.temporary("logs")
        defer { for url in [fixtures, dataDir, logs] { try? FileManager.default.removeItem(at: url) } }
        try await Self.withMock(fixtures) { mockPort, replayer in
            let gateway = try await Self.start(
                mockPort: mockPort, dataDir: dataDir, logs: logs, ["LA_COOKIE": expiring, "ADMIN_SECRET": "admin-key"])
            // The background refresh runs at start-up: wait for the admin view to show the new expiry.
            var refreshed = false
            for _ in 0..<100 where !refreshed {
                let view = try await Self.send(port: gateway.port, path: "/admin/sessions", method: .GET, key: "admin-key")
                refreshed = view.text.contains(#""succeeded":1"#)
                if !refreshed { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(refreshed, "the session was refreshed in the background")
            let answer = try await gateway.chat("Still there?")
            #expect(answer.status == 200 && answer.text.contains("Still here."), "\(answer.text)")
            try await gateway.stop()
            #expect(replayer.servedCount("refresh.har#0") == 0, "no request was sent with the expiring cookie")
            #expect(replayer.servedCount("refresh.har#1") == 1, "one refresh")
        }
    }

    @Test func aCookiePostedToAdminSessionsServesTheNextRequestAndSurvivesARestart() async throws {
        let cookie = SessionFixtures.cookie(
            user: "5f0c3a9e-0000-4000-8000-0000000000bb", serial: 7, expiresAt: Date(timeIntervalSinceNow: 30 * 86_400))
        let fixtures = try SessionFixtures.directory(
            "admin", [try SessionFixtures.answer(prompt: "Use the posted one", cookie: cookie, text: "Posted and used.")])
        let dataDir = try Self.temporary("data")
        let logs = try Self.temporary("logs")
        defer { for url in [fixtures, dataDir, logs] { try? FileManager.default.removeItem(at: url) } }
        try await Self.withMock(fixtures) { mockPort, _ in
            var gateway = try await Self.start(mockPort: mockPort, dataDir: dataDir, logs: logs, ["ADMIN_SECRET": "admin-key"])
            #expect(try await gateway.chat("Use the posted one").status == 503, "no session yet")
            let wrongKey = try await Self.send(port: gateway.port, path: "/admin/sessions", method: .POST, body: #"{"cookie":"x"}"#, key: "guess")
            #expect(wrongKey.status == 401)
            let posted = try await Self.send(
                port: gateway.port, path: "/admin/sessions", method: .POST, body: #"{"cookie":"Cookie: theme=dark; arena-auth-prod-v1=\#(cookie)"}"#,
                key: "admin-key")
            #expect(posted.status == 201, "\(posted.text)")
            #expect(!posted.text.contains(cookie.prefix(20)), "the answer shows no cookie")
            #expect(try await gateway.chat("Use the posted one").text.contains("Posted and used."))
            try await gateway.stop()
            gateway = try await Self.start(mockPort: mockPort, dataDir: dataDir, logs: logs, ["ADMIN_SECRET": "admin-key"])
            #expect(try await gateway.chat("Use the posted one").text.contains("Posted and used."), "restored after a restart")
            let listed = try await Self.send(port: gateway.port, path: "/admin/sessions", method: .GET, key: "admin-key")
            #expect(listed.text.contains(#""origin":"admin""#) && listed.text.contains(#""number":1"#), "\(listed.text)")
            let deleted = try await Self.send(port: gateway.port, path: "/admin/sessions/1", method: .DELETE, key: "admin-key")
            #expect(deleted.status == 200)
            #expect(try await gateway.chat("Use the posted one").status == 503, "deleted")
            try await gateway.stop()
        }
        let logText = try FileManager.default.contentsOfDirectory(at: logs, includingPropertiesForKeys: nil)
            .map { try String(contentsOf: $0, encoding: .utf8) }.joined()
        #expect(!logText.contains(cookie.prefix(40)), "no cookie value in the logs")
    }
}
