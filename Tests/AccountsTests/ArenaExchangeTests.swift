import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@testable import Accounts
@testable import ArenaWire

/// The one exchange every caller goes through: what an answer does to its session, to
/// reachability and to the Cloudflare incident, whichever caller sent it.
struct ArenaExchangeTests {
    /// Answers every request with one canned response, or fails to connect.
    struct CannedSite: ArenaTransport {
        var status = 200
        var headers: HTTPHeaders = [:]
        var body = ""
        var refuses = false

        func send(_ request: ArenaRequest) async throws -> ArenaResponse {
            if refuses { throw ArenaTransportError(.connect, "connection refused") }
            return ArenaResponse(status: status, headers: headers, body: ArenaBody(chunks: [ByteBuffer(string: body)]))
        }
    }

    static let far = Date(timeIntervalSinceNow: 30 * 86_400)
    static let request = ArenaRequest(method: .GET, url: "http://127.0.0.1:1/", headers: [:], body: ByteBuffer())
    static let challenge = "<html><head><title>Just a moment...</title></head><body><script>window._cf_chl_opt={}</script></body></html>"

    static func pool(logs: LogCapture) -> (SessionPool, ArenaSession, UpstreamWatch) {
        let session = ArenaSession(entry: SessionFixtures.cookie(serial: 1, expiresAt: far), number: 1)!
        return (SessionPool(sessions: [session], defaultCooldown: .seconds(60), logger: logs.logger()), session, UpstreamWatch(logger: logs.logger()))
    }

    @Test func anAnswersSetCookieRotatesTheSessionForEveryKindOfExchange() async throws {
        let rotated = SessionFixtures.cookie(serial: 2, expiresAt: Self.far)
        let site = CannedSite(headers: ["set-cookie": SessionFixtures.setCookie(rotated), "content-type": "application/json"], body: "{}")
        for rule in [ArenaExchange.HeadRule.document, .page] {
            let (pool, session, watch) = Self.pool(logs: LogCapture())
            let reply = try await ArenaExchange(transport: site, pool: pool, watch: watch).read(
                Self.request, session: session, limit: 1 << 16, rule: rule, redactor: Redactor())
            guard case .rotated(let now, auth: true) = reply.rotation else {
                Issue.record("\(rule): no rotation")
                continue
            }
            #expect(pool.current(1) == now, "\(rule): the pool holds the rotated session")
            #expect(pool.current(1)?.cookieHeader(cfClearance: nil).contains(rotated) == true)
        }
    }

    @Test func reachabilityFollowsWhatTheLastExchangeMet() async throws {
        let (pool, session, watch) = Self.pool(logs: LogCapture())
        await #expect(throws: UpstreamFailure.self) {
            _ = try await ArenaExchange(transport: CannedSite(refuses: true), pool: pool, watch: watch).send(
                Self.request, session: session, redactor: Redactor())
        }
        #expect(watch.unreachable()?.contains("connection refused") == true)
        _ = try await ArenaExchange(transport: CannedSite(body: "{}"), pool: pool, watch: watch).send(
            Self.request, session: nil, redactor: Redactor())
        #expect(watch.unreachable() == nil)
    }

    @Test func aCloudflarePageIsAFailureAndOneIncidentWhateverTheCaller() async throws {
        let logs = LogCapture()
        let (pool, session, watch) = Self.pool(logs: logs)
        let site = CannedSite(status: 403, headers: ["content-type": "text/html", "cf-mitigated": "challenge"], body: Self.challenge)
        let exchange = ArenaExchange(transport: site, pool: pool, watch: watch)
        for rule in [ArenaExchange.HeadRule.document, .page] {
            do {
                _ = try await exchange.read(Self.request, session: session, limit: 1 << 16, rule: rule, redactor: Redactor())
                Issue.record("\(rule): a challenge page was read as an answer")
            } catch {
                #expect(error == .cloudflare(.challenge, status: 403), "\(rule)")
            }
        }
        #expect(logs.lines(containing: "Cloudflare is challenging").count == 1, "one incident, logged once")
        #expect(logs.lines(containing: CloudflareVerdict.challenge.advice).count == 1, "with the one advice")
    }

    @Test func aPageOfTheSiteIsReadAsItIsButA5xxIsAFailure() async throws {
        let (pool, session, watch) = Self.pool(logs: LogCapture())
        let page = CannedSite(headers: ["content-type": "text/html"], body: "<html><title>LMArena</title></html>")
        let reply = try await ArenaExchange(transport: page, pool: pool, watch: watch).read(
            Self.request, session: session, limit: 1 << 16, rule: .page, redactor: Redactor())
        #expect(reply.status == 200 && String(buffer: reply.body).contains("LMArena"))
        await #expect(throws: UpstreamFailure.self) {
            _ = try await ArenaExchange(transport: page, pool: pool, watch: watch).read(
                Self.request, session: session, limit: 1 << 16, rule: .document, redactor: Redactor())
        }
        let failing = CannedSite(status: 502, body: "bad gateway")
        do {
            _ = try await ArenaExchange(transport: failing, pool: pool, watch: watch).read(
                Self.request, session: session, limit: 1 << 16, rule: .page, redactor: Redactor())
            Issue.record("a 502 page was read as an answer")
        } catch {
            #expect(error.code == "upstream_error")
        }
    }
}
