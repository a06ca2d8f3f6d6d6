import ArenaWire
import Foundation
import Logging
import TestSupport
import Testing

@testable import ProxyServer

/// What an operator reads at start-up about sessions and pacing.
struct StartupWarningTests {
    /// The warnings `logStartupWarnings` writes for `configuration`.
    static func warnings(_ configuration: ProxyConfiguration) throws -> [String] {
        let capture = LogCapture()
        let server = try GatewayServer(configuration: configuration, logger: capture.logger())
        server.logStartupWarnings()
        return capture.messages
    }

    @Test func anAnonymousSessionIsNamedWithWhatToDo() throws {
        let guest = SessionFixtures.cookie(serial: 1, expiresAt: Date(timeIntervalSinceNow: 3600), anonymous: true)
        let signedIn = SessionFixtures.cookie(
            user: "5f0c3a9e-0000-4000-8000-0000000000bb", serial: 2, expiresAt: Date(timeIntervalSinceNow: 3600))
        let messages = try Self.warnings(GatewayHarness.configuration { $0.sessions = ArenaSession.parseList("\(guest),\(signedIn)") })
        let anonymous = messages.filter { $0.contains("is anonymous") }
        #expect(anonymous.count == 1, "\(messages)")
        #expect(anonymous.first?.contains("session #1") == true)
        #expect(anonymous.first?.contains("LOGIN_GATE") == true && anonymous.first?.contains("Sign in") == true)
        #expect(!messages.joined().contains(guest), "no cookie in the log")
    }

    @Test func pacingOffIsSaid() throws {
        #expect(try Self.warnings(GatewayHarness.configuration()).contains { $0.contains("pacing is off") })
        let paced = try Self.warnings(
            GatewayHarness.configuration {
                $0.sessionConcurrency = 1
                $0.sessionMinInterval = .seconds(45)
            })
        #expect(!paced.contains { $0.contains("pacing is off") })
    }
}
