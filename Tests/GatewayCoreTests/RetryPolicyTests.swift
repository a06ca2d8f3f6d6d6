import Testing

@testable import Accounts
@testable import ArenaWire
@testable import GatewayCore

/// The retry policy as a state machine: every path, without sockets or sleeps.
struct RetryPolicyTests {
    static let sessions = (1...4).map { ArenaSession(entry: "s\($0)", number: $0)! }
    static let serverError = UpstreamFailure.rejected(status: 500, retryAfter: nil, detail: "oops")
    static let rateLimited = UpstreamFailure.rejected(status: 429, retryAfter: 30, detail: "Too Many Requests")
    static let loggedOut = UpstreamFailure.rejected(status: 401, retryAfter: nil, detail: "no access")
    static let badToken = UpstreamFailure.rejected(status: 403, retryAfter: nil, detail: "recaptcha validation failed")
    static let dropped = UpstreamFailure.transport(ArenaTransportError(.connectionClosed, "closed"))

    @Test func startsByLeasingAnySessionAndSendsOnTheOneLeased() {
        var policy = RetryPolicy(maxRetries: 3, tokensArePooled: false)
        #expect(policy.start() == .lease(excluding: []))
        #expect(policy.leased(.session(Self.sessions[0])) == .send(Self.sessions[0]))
        #expect(policy.attempts == 1)
    }

    @Test(arguments: [
        (SessionRoster.Lease.noneConfigured, GatewayFailure.noSessionConfigured),
        (.allCoolingDown(retryAfter: .seconds(12)), .sessionsRateLimited(retryAfter: .seconds(12))),
        (.noneUsable, .noUsableSession(after: nil)),
        (.exhausted, .noSessionConfigured),
    ])
    func aPoolWithNothingToOfferEndsTheRequest(lease: SessionRoster.Lease, failure: GatewayFailure) {
        var policy = RetryPolicy(maxRetries: 3, tokensArePooled: false)
        #expect(policy.leased(lease) == .fail(failure))
    }

    @Test func anExhaustedPoolAnswersWithTheLastFailure() {
        var policy = RetryPolicy(maxRetries: 3, tokensArePooled: false)
        _ = policy.leased(.session(Self.sessions[0]))
        #expect(policy.failed(Self.serverError, on: Self.sessions[0]) == .lease(excluding: [1]))
        #expect(policy.leased(.exhausted) == .fail(.upstream(Self.serverError)))
    }

    /// Each failure kind: whether another attempt follows, and whether the session is set aside.
    @Test(arguments: [
        (serverError, true, true),
        (rateLimited, true, true),
        (loggedOut, true, true),
        (UpstreamFailure.empty, true, true),
        (.arenaError("overloaded"), true, true),
        (.malformed("x"), true, true),
        (.transport(ArenaTransportError(.firstByteTimeout, "t")), true, true),
        (.transport(ArenaTransportError(.idleTimeout, "t")), true, true),
        (dropped, true, false),
        (.transport(ArenaTransportError(.connect, "refused")), true, false),
        (.transport(ArenaTransportError(.connectTimeout, "t")), true, false),
        (.transport(ArenaTransportError(.proxy, "407")), false, false),
        (.cloudflare(.challenge, status: 403), false, false),
        (.cloudflare(.block, status: 403), false, false),
        (.html(status: 502, title: nil), true, true),
        (.html(status: 403, title: "Page"), false, false),
        (.rejected(status: 404, retryAfter: nil, detail: "Model not found"), false, false),
        (.rejected(status: 413, retryAfter: nil, detail: ""), false, false),
        (.rejected(status: 422, retryAfter: nil, detail: ""), false, false),
        (.rejected(status: 403, retryAfter: nil, detail: "Route not allowed"), false, false),
        (.rejected(status: 403, retryAfter: nil, detail: "forbidden"), true, true),
        (.cancelled, false, false),
    ])
    func aFailureIsRetriedOrEndsTheRequest(failure: UpstreamFailure, retried: Bool, setsSessionAside: Bool) {
        var policy = RetryPolicy(maxRetries: 3, tokensArePooled: false)
        _ = policy.leased(.session(Self.sessions[1]))
        var action = policy.failed(failure, on: Self.sessions[1])
        // A 401 first refreshes the session; a refresh that brings no new cookie leads on as before.
        if failure.isUnauthorized {
            #expect(action == .refresh(Self.sessions[1]))
            action = policy.refreshed(nil, from: Self.sessions[1])
        }
        #expect(action == (retried ? .lease(excluding: setsSessionAside ? [2] : []) : .fail(.upstream(failure))))
    }

    @Test func aRefreshAfter401SendsAgainOnTheSameSessionWithoutCountingAsARetry() {
        var policy = RetryPolicy(maxRetries: 0, tokensArePooled: false)
        #expect(policy.leased(.session(Self.sessions[0])) == .send(Self.sessions[0]))
        #expect(policy.failed(Self.loggedOut, on: Self.sessions[0]) == .refresh(Self.sessions[0]))
        let rotated = ArenaSession(entry: "rotated-cookie", number: 1)!
        #expect(policy.refreshed(rotated, from: Self.sessions[0]) == .send(rotated))
        #expect(policy.attempts == 1, "the resend after a refresh is not a retry")
        // A second 401 on the same session is not refreshed again: with no retries left, it ends the request.
        #expect(policy.failed(Self.loggedOut, on: rotated) == .fail(.upstream(Self.loggedOut)))
    }

    @Test func aRefreshThatBringsNoCookieSetsTheSessionAsideAndFailsOver() {
        var policy = RetryPolicy(maxRetries: 3, tokensArePooled: false)
        _ = policy.leased(.session(Self.sessions[2]))
        #expect(policy.failed(Self.loggedOut, on: Self.sessions[2]) == .refresh(Self.sessions[2]))
        #expect(policy.refreshed(nil, from: Self.sessions[2]) == .lease(excluding: [3]))
        #expect(policy.leased(.onlyAnonymous) == .fail(.signInRequired))
    }

    @Test(arguments: [0, 1, 3])
    func atMostMaxRetriesRetriesFollowTheFirstAttempt(maxRetries: Int) {
        var policy = RetryPolicy(maxRetries: maxRetries, tokensArePooled: false)
        var action = policy.start()
        var sent = 0
        while case .lease = action {
            action = policy.leased(.session(Self.sessions[0]))
            guard case .send(let session) = action else { break }
            sent += 1
            action = policy.failed(Self.dropped, on: session)
        }
        #expect(sent == maxRetries + 1)
        #expect(action == .fail(.upstream(Self.dropped)))
    }

    @Test func sessionsSetAsideAccumulateAcrossAttempts() {
        var policy = RetryPolicy(maxRetries: 3, tokensArePooled: false)
        _ = policy.leased(.session(Self.sessions[0]))
        #expect(policy.failed(Self.rateLimited, on: Self.sessions[0]) == .lease(excluding: [1]))
        _ = policy.leased(.session(Self.sessions[2]))
        #expect(policy.failed(Self.dropped, on: Self.sessions[2]) == .lease(excluding: [1]))
        _ = policy.leased(.session(Self.sessions[3]))
        #expect(policy.failed(Self.loggedOut, on: Self.sessions[3]) == .refresh(Self.sessions[3]))
        #expect(policy.refreshed(nil, from: Self.sessions[3]) == .lease(excluding: [1, 4]))
        #expect(policy.leased(.allCoolingDown(retryAfter: .seconds(30))) == .fail(.sessionsRateLimited(retryAfter: .seconds(30))))
    }

    @Test func aPenalizedAccountIsSetAsideAndAnotherServesWithoutCountingAsARetry() {
        var policy = RetryPolicy(maxRetries: 0, tokensArePooled: true)
        var tried: Set<Int> = []
        for index in 0..<RetryPolicy.maxRejectedTokens {
            #expect(policy.leased(.session(Self.sessions[index])) == .send(Self.sessions[index]))
            tried.insert(Self.sessions[index].number)
            #expect(policy.failed(Self.badToken, on: Self.sessions[index]) == .lease(excluding: tried))
        }
        #expect(policy.rejectedTokens == RetryPolicy.maxRejectedTokens)
        _ = policy.leased(.session(Self.sessions[3]))
        #expect(policy.failed(Self.badToken, on: Self.sessions[3]) == .fail(.upstream(Self.badToken)))
    }

    static let spoofed = UpstreamFailure.rejected(status: 400, retryAfter: nil, detail: "Evaluation session ID seems spoofed, offset too big")

    @Test func idsTheSiteCallsSpoofedAreSentAgainOnceOnTheSameSession() {
        var policy = RetryPolicy(maxRetries: 0, tokensArePooled: false)
        _ = policy.leased(.session(Self.sessions[0]))
        #expect(policy.failed(Self.spoofed, on: Self.sessions[0]) == .send(Self.sessions[0]))
        #expect(policy.attempts == 1)
        #expect(policy.failed(Self.spoofed, on: Self.sessions[0]) == .fail(.upstream(Self.spoofed)))
    }

    static let loginGate401 = UpstreamFailure.rejected(status: 401, retryAfter: nil, detail: #"{"error":"Login required","code":"LOGIN_GATE"}"#)

    @Test func a401LoginGateIsNeitherRefreshedNorHeldAgainstTheSession() {
        var policy = RetryPolicy(maxRetries: 3, tokensArePooled: false)
        _ = policy.leased(.session(Self.sessions[0]))
        #expect(policy.failed(Self.loginGate401, on: Self.sessions[0]) == .lease(excluding: [1]))
        #expect(Self.loginGate401.sessionOutcome == .notSessionFault)
        #expect(!Self.loginGate401.isUnauthorized)
        #expect(Self.loggedOut.isUnauthorized)
    }

    @Test func aPenaltyWithAStaticTokenIsRetriedOnAnotherAccountAsARetry() {
        var policy = RetryPolicy(maxRetries: 1, tokensArePooled: false)
        _ = policy.leased(.session(Self.sessions[0]))
        #expect(policy.failed(Self.badToken, on: Self.sessions[0]) == .lease(excluding: [1]))
        _ = policy.leased(.session(Self.sessions[1]))
        #expect(policy.failed(Self.badToken, on: Self.sessions[1]) == .fail(.upstream(Self.badToken)))
    }

    @Test func noTokenEndsTheRequest() {
        var policy = RetryPolicy(maxRetries: 3, tokensArePooled: true)
        _ = policy.leased(.session(Self.sessions[0]))
        #expect(policy.tokenUnavailable() == .fail(.recaptchaUnavailable))
    }

    static let promptFailed = UpstreamFailure.rejected(status: 429, retryAfter: nil, detail: "prompt failed")
    static let loginGate = UpstreamFailure.rejected(status: 403, retryAfter: nil, detail: "Login required (LOGIN_GATE)")

    @Test func promptFailedIsRepeatedOnceWithAFreshPooledTokenWithoutCountingAsARetry() {
        var policy = RetryPolicy(maxRetries: 0, tokensArePooled: true)
        _ = policy.leased(.session(Self.sessions[0]))
        #expect(policy.failed(Self.promptFailed, on: Self.sessions[0]) == .lease(excluding: []), "the session does not rest and may answer")
        #expect(policy.leased(.session(Self.sessions[0])) == .send(Self.sessions[0]))
        #expect(policy.failed(Self.promptFailed, on: Self.sessions[0]) == .fail(.upstream(Self.promptFailed)))
    }

    @Test func promptFailedWithAStaticTokenEndsTheRequest() {
        var policy = RetryPolicy(maxRetries: 3, tokensArePooled: false)
        _ = policy.leased(.session(Self.sessions[0]))
        #expect(policy.failed(Self.promptFailed, on: Self.sessions[0]) == .fail(.upstream(Self.promptFailed)))
    }

    @Test func aLoginGateTriesTheOtherSessionsThenEndsWithTheGate() {
        var policy = RetryPolicy(maxRetries: 3, tokensArePooled: false)
        _ = policy.leased(.session(Self.sessions[0]))
        #expect(policy.failed(Self.loginGate, on: Self.sessions[0]) == .lease(excluding: [1]))
        _ = policy.leased(.session(Self.sessions[1]))
        #expect(policy.failed(Self.loginGate, on: Self.sessions[1]) == .lease(excluding: [1, 2]))
        #expect(policy.leased(.exhausted) == .fail(.upstream(Self.loginGate)))
    }

    @Test func aPoolWithOnlyDisabledSessionsCarriesTheLastFailure() {
        var policy = RetryPolicy(maxRetries: 3, tokensArePooled: false)
        _ = policy.leased(.session(Self.sessions[0]))
        _ = policy.failed(Self.loggedOut, on: Self.sessions[0])
        #expect(policy.leased(.noneUsable) == .fail(.noUsableSession(after: Self.loggedOut)))
    }
}
