import Testing

@testable import ProxyServer
@testable import Settings

struct SlidingWindowLimiterTests {
    @Test func allowsTheLimitThenAnswersWithRetryAfter() {
        var limiter = SlidingWindowLimiter(limit: 60)
        for index in 0..<60 {
            #expect(limiter.check("a", now: 10 + Double(index) * 0.1) == .allowed)
        }
        guard case .limited(let retryAfter) = limiter.check("a", now: 16.5) else {
            Issue.record("the 61st request in a minute must be limited")
            return
        }
        #expect(retryAfter == 54, "the first request (at 10 s) leaves the window at 70 s")
        #expect(limiter.check("b", now: 16.5) == .allowed, "limits are per client")
        #expect(limiter.check("a", now: 16.5 + Double(retryAfter)) == .allowed, "allowed again after Retry-After")
    }

    @Test func theWindowSlides() {
        var limiter = SlidingWindowLimiter(limit: 3)
        #expect(limiter.check("a", now: 0) == .allowed)
        #expect(limiter.check("a", now: 20) == .allowed)
        #expect(limiter.check("a", now: 40) == .allowed)
        #expect(limiter.check("a", now: 59.5) == .limited(retryAfter: 1))
        #expect(limiter.check("a", now: 60.5) == .allowed, "the request at 0 s has left the window")
        #expect(limiter.check("a", now: 61) == .limited(retryAfter: 19), "the next to leave is the one at 20 s")
        #expect(limiter.check("a", now: 80.5) == .allowed)
    }

    @Test func rejectedRequestsDoNotCount() {
        var limiter = SlidingWindowLimiter(limit: 2)
        _ = limiter.check("a", now: 0)
        _ = limiter.check("a", now: 1)
        for second in 2..<50 { #expect(limiter.check("a", now: Double(second)) != .allowed) }
        #expect(limiter.check("a", now: 60.5) == .allowed, "hammering while limited does not extend the wait")
    }

    @Test func zeroTurnsLimitingOff() {
        var limiter = SlidingWindowLimiter(limit: 0)
        for _ in 0..<1000 { #expect(limiter.check("a", now: 1) == .allowed) }
        #expect(limiter.trackedClients == 0)
    }

    @Test func aMillionAddressesAreForgottenOnceIdle() {
        var limiter = SlidingWindowLimiter(limit: 60)
        for index in 0..<1_000_000 {
            _ = limiter.check("10.\(index >> 16).\((index >> 8) & 0xFF).\(index & 0xFF)", now: 5)
        }
        #expect(limiter.trackedClients == 1_000_000)
        _ = limiter.check("192.0.2.1", now: 30)
        #expect(limiter.trackedClients == 1_000_001, "inside the window they still count")
        _ = limiter.check("192.0.2.2", now: 66)
        #expect(limiter.trackedClients == 2, "once their requests left the window, only the active clients are kept")
    }

    @Test func forwardedForCountsOnlyFromTrustedPeers() throws {
        let trusted = try TrustedProxies(parsing: "127.0.0.1, 10.0.0.0/8, fd00::/8")
        #expect(trusted.client(peer: "203.0.113.9", forwardedFor: "1.2.3.4") == "203.0.113.9")
        #expect(trusted.client(peer: "127.0.0.1", forwardedFor: "1.2.3.4") == "1.2.3.4")
        #expect(trusted.client(peer: "10.1.2.3", forwardedFor: "6.6.6.6, 1.2.3.4, 10.9.9.9") == "1.2.3.4", "the rightmost untrusted hop")
        #expect(trusted.client(peer: "fd12::1", forwardedFor: "2001:db8::7") == "2001:db8::7")
        #expect(trusted.client(peer: "127.0.0.1", forwardedFor: "garbage") == "127.0.0.1")
        #expect(trusted.client(peer: "127.0.0.1", forwardedFor: nil) == "127.0.0.1")
        #expect(!trusted.contains("11.0.0.1"))
        #expect(TrustedProxies.none.client(peer: "127.0.0.1", forwardedFor: "1.2.3.4") == "127.0.0.1")
        #expect(throws: ConfigurationError.self) { _ = try TrustedProxies(parsing: "10.0.0.0/33") }
        #expect(throws: ConfigurationError.self) { _ = try TrustedProxies(parsing: "proxy.local") }
    }
}
