import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockArena
import NIOCore
import ProxyServer
import TestSupport
import Testing

/// `/admin/sessions` answers bad input with OpenAI-shaped errors and never shows a cookie.
struct SessionsAdminTests {
    static func app(adminSecret: String? = "admin-key") throws -> some ApplicationProtocol {
        try GatewayHarness.application(
            configuration: GatewayHarness.configuration { $0.adminSecret = adminSecret },
            transport: ReplayTransport(replayer: try FixtureCorpus.replayer()))
    }

    static func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, key: String = "admin-key")
        async throws -> TestResponse
    {
        try await client.execute(
            uri: uri, method: method, headers: [.contentType: "application/json", .authorization: "Bearer \(key)"],
            body: body.map { ByteBuffer(string: $0) })
    }

    @Test func badInputGetsAClearErrorThatEchoesNoCookie() async throws {
        try await Self.app().test(.router) { client in
            let cases: [(String, Int, String)] = [
                (#"{}"#, 400, #""param":"cookie""#),
                (#"{"cookie": 5}"#, 400, "invalid_type"),
                (#"{"cookie": "theme=dark; cf_clearance=secret-clearance-value"}"#, 400, "holds no arena-auth-prod-v1 cookie"),
                (#"not json"#, 400, "invalid_request_error"),
                // Found by fuzzing: a line break inside a cookie reached the Cookie header.
                (#"{"cookie": "arena-auth-prod-v1=abc\r\nX-Injected: secret-clearance-value"}"#, 400, "holds a control character"),
            ]
            for (body, status, needle) in cases {
                let response = try await Self.call(client, .post, "/admin/sessions", body)
                let text = String(buffer: response.body)
                #expect(response.status.code == status, "\(body): \(text)")
                #expect(text.contains(needle), "\(body): \(text)")
                #expect(!text.contains("secret-clearance-value"))
            }
            let missing = try await Self.call(client, .delete, "/admin/sessions/42")
            #expect(missing.status == .notFound && String(buffer: missing.body).contains("session_not_found"))
            let word = try await Self.call(client, .delete, "/admin/sessions/first")
            #expect(word.status == .badRequest)
            let unauthorized = try await Self.call(client, .get, "/admin/sessions", key: "wrong")
            #expect(unauthorized.status == .unauthorized)
        }
    }

    @Test func theListShowsHealthAndCountsButNoCookie() async throws {
        try await Self.app().test(.router) { client in
            let posted = try await Self.call(client, .post, "/admin/sessions", #"{"cookie": "posted-session-value"}"#)
            #expect(posted.status == .created)
            let again = try await Self.call(client, .post, "/admin/sessions", #"{"cookie": "posted-session-value"}"#)
            #expect(again.status == .ok && String(buffer: again.body).contains(#""replaced":true"#), "the same session posted twice is one session")
            let listed = String(buffer: try await Self.call(client, .get, "/admin/sessions").body)
            #expect(listed.contains(#""number":1"#) && listed.contains(#""number":2"#) && !listed.contains(#""number":3"#))
            #expect(listed.contains(#""health":"healthy""#) && listed.contains(#""origin":"admin""#))
            #expect(!listed.contains("posted-session-value") && !listed.contains("test-session-value"))
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"lmarena2api_session_health{session="2",fingerprint=""#))
            #expect(metrics.contains("lmarena2api_session_rotations_total{session=\"1\""))
            #expect(metrics.contains("lmarena2api_session_refreshes_total{session=\"1\""))
        }
    }

    @Test func withoutAnAdminSecretTheRoutesAreOff() async throws {
        try await Self.app(adminSecret: nil).test(.router) { client in
            for (method, uri) in [(HTTPRequest.Method.get, "/admin/sessions"), (.post, "/admin/sessions"), (.delete, "/admin/sessions/1")] {
                let response = try await Self.call(client, method, uri, "{}")
                #expect(response.status == .notFound && String(buffer: response.body).contains("admin_disabled"))
            }
        }
    }
}
