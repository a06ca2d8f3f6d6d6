import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import TestSupport
import Testing

@testable import Accounts
@testable import ArenaWire

/// The refresher: one refresh per session at a time, and what each answer of `GET /` means.
struct SessionRefresherTests {
    /// Answers every request after a pause with a fixed head, counting requests.
    final class PageTransport: ArenaTransport {
        let status: Int
        let setCookie: String?
        let requests = Mutex(0)

        init(status: Int, setCookie: String?) {
            self.status = status
            self.setCookie = setCookie
        }

        func send(_ request: ArenaRequest) async throws -> ArenaResponse {
            requests.withLock { $0 += 1 }
            try await Task.sleep(for: .milliseconds(100))
            var headers = HTTPHeaders([("content-type", "text/html")])
            if let setCookie { headers.add(name: "set-cookie", value: setCookie) }
            return ArenaResponse(
                status: status, headers: headers, body: ArenaBody(chunks: [ByteBuffer(string: "<html><title>LMArena</title></html>")]))
        }
    }

    static func refresher(_ transport: PageTransport, session: String) -> (SessionRefresher, SessionPool) {
        let pool = SessionPool(sessions: ArenaSession.parseList(session), defaultCooldown: .seconds(60), logger: LogCapture().logger())
        return (
            SessionRefresher(
                pool: pool, watch: UpstreamWatch(logger: LogCapture().logger()), running: RunningRefreshes(), transport: transport,
                builder: ArenaRequestBuilder(dialect: .v2), margin: .seconds(300), tick: .seconds(30),
                logger: LogCapture().logger()), pool
        )
    }

    @Test func concurrentRefreshesOfOneSessionShareOneRequest() async throws {
        let next = SessionCookieTests.cookie(serial: 2, expiresAt: 200)
        let transport = PageTransport(status: 200, setCookie: "arena-auth-prod-v1=\(next); Path=/")
        let (refresher, pool) = Self.refresher(transport, session: SessionCookieTests.cookie(serial: 1, expiresAt: 100))
        let session = pool.current(1)!
        let outcomes = await withTaskGroup(of: SessionRefresher.Outcome.self) { group in
            for _ in 0..<5 { group.addTask { await refresher.refresh(session, because: "test") } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(transport.requests.withLock { $0 } == 1)
        #expect(outcomes.allSatisfy { $0 == .rotated(pool.current(1)!) })
        #expect(pool.current(1)?.authValue == next)
        #expect(pool.entries()[0].refreshesSucceeded == 1)
        // Once it is over, a new refresh sends a new request.
        _ = await refresher.refresh(pool.current(1)!, because: "again")
        #expect(transport.requests.withLock { $0 } == 2)
    }

    @Test(arguments: [(200, "not rotated"), (401, "not rotated"), (503, "unreachable")])
    func anAnswerWithoutANewCookieIsAFailedRefresh(status: Int, kind: String) async throws {
        let (refresher, pool) = Self.refresher(PageTransport(status: status, setCookie: nil), session: "plain-session-value")
        let outcome = await refresher.refresh(pool.current(1)!, because: "test")
        switch outcome {
        case .notRotated: #expect(kind == "not rotated")
        case .unreachable: #expect(kind == "unreachable")
        case .rotated: Issue.record("rotated without a cookie")
        }
        #expect(pool.entries()[0].refreshesFailed == 1)
        #expect(pool.entries()[0].health == .healthy, "a failed refresh alone disables nothing")
    }
}
