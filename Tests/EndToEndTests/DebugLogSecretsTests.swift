import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// With `DEBUG=true` a `serve` process logs every step it takes, service-lifecycle's own lines
/// among them: none of them may carry a configured secret.
@Suite(.serialized)
struct DebugLogSecretsTests {
    @Test func aDebugLogHoldsNoSecretFromStartToStop() async throws {
        let far = Date(timeIntervalSinceNow: 30 * 86_400)
        let first = SessionFixtures.cookie(serial: 1, expiresAt: far)
        let second = SessionFixtures.cookie(user: "5f0c3a9e-0000-4000-8000-0000000000bb", serial: 2, expiresAt: far)
        let fixtures = try SessionFixtures.directory(
            "debug-secrets",
            [
                try SessionFixtures.answer(prompt: "Say nothing secret", cookie: first, text: "Nothing secret."),
                try SessionFixtures.answer(prompt: "Say nothing secret", cookie: second, text: "Nothing secret."),
            ])
        let dataDir = try SessionLifecycleTests.temporary("data")
        let logs = try SessionLifecycleTests.temporary("logs")
        defer { for url in [fixtures, dataDir, logs] { try? FileManager.default.removeItem(at: url) } }
        let secrets = [
            "API_SECRET": "api-secret-kept-out-of-logs", "ADMIN_SECRET": "admin-secret-kept-out-of-logs",
            "CF_CLEARANCE": "clearance-kept-out-of-logs", "RECAPTCHA_TOKEN": "recaptcha-token-kept-out-of-logs",
        ]
        try await SessionLifecycleTests.withMock(fixtures) { mockPort, _ in
            // MODELS_REFRESH on: the catalogue refresher is one of the services the group logs.
            let gateway = try await SessionLifecycleTests.start(
                mockPort: mockPort, dataDir: dataDir, logs: logs,
                secrets.merging(["LA_COOKIE": "\(first),\(second)", "MODELS_REFRESH": "3600"]) { $1 })
            let answer = try await SessionLifecycleTests.send(
                port: gateway.port, path: "/v1/chat/completions", method: .POST,
                body: LiveStack.chatBody(model: SessionFixtures.model, prompt: "Say nothing secret", stream: false),
                key: secrets["API_SECRET"])
            #expect(answer.status == 200, "\(answer.text)")
            try await gateway.stop()
        }
        let log = try FileManager.default.contentsOfDirectory(at: logs, includingPropertiesForKeys: nil)
            .map { try String(contentsOf: $0, encoding: .utf8) }.joined()
        #expect(log.contains("debug"), "the log is a debug log")
        for (name, value) in secrets { #expect(!log.contains(value), "\(name) is in the debug log") }
        for cookie in [first, second] {
            #expect(!log.contains(cookie), "an LA_COOKIE value is in the debug log")
            #expect(!log.contains(String(cookie.suffix(40))), "part of an LA_COOKIE value is in the debug log")
        }
    }
}
