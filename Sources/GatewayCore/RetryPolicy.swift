import Accounts
import ArenaWire

/// The retry policy of one request, as a state machine: it is told what the pool offered and how
/// each attempt ended, and answers with the next thing to do. ``ArenaGateway`` only carries the
/// actions out, so every path through the policy is tested without sockets (`RetryPolicyTests`).
///
/// The rules: an attempt goes to a healthy session not yet tried for this request; a failed
/// attempt is retried while the failure is retryable and at most `maxRetries` retries have been
/// made; a session whose failure was its own, or that met a login gate, is not tried twice; a
/// pooled reCAPTCHA token that lmarena rejected is replaced, on any session and without counting
/// as a retry, up to ``maxRejectedTokens`` times; a `429 prompt failed` is repeated once with a
/// fresh pooled token; a 401 first refreshes the session and sends again on it, without counting
/// as a retry, once per session; only if the refresh brings no new cookie is the session
/// disabled and the request retried elsewhere; ids the site calls spoofed (its clock is far from
/// the host's) are minted again on its time and sent once more on the same session. New kinds of outcome are new cases here, not new counters in the
/// gateway.
struct RetryPolicy: Sendable, Equatable {
    /// What the gateway does next.
    enum Action: Sendable, Equatable {
        /// Ask the pool for a healthy session that is not among these numbers.
        case lease(excluding: Set<Int>)
        /// Send the request on this session, with a fresh reCAPTCHA token where the dialect takes one.
        case send(ArenaSession)
        /// Refresh this session's cookie (lmarena answered 401), then report with ``refreshed(_:from:)``.
        case refresh(ArenaSession)
        /// Give up: answer the client with this failure.
        case fail(GatewayFailure)
    }

    /// How many rejected pooled tokens one request replaces before it gives up.
    static let maxRejectedTokens = 3
    /// How many times a `429 prompt failed` is repeated with a fresh pooled token.
    static let maxPromptRepeats = 1

    /// Retries allowed after the first attempt (`MAX_RETRIES`).
    let maxRetries: Int
    /// Whether tokens come from the pool, so a rejected one can be replaced by the next.
    let tokensArePooled: Bool
    /// Sessions this request will not use again.
    private(set) var tried: Set<Int> = []
    /// Attempts made so far, replaced tokens not counted.
    private(set) var attempts = 0
    /// Pooled tokens lmarena rejected so far.
    private(set) var rejectedTokens = 0
    /// Attempts repeated after `429 prompt failed`.
    private(set) var promptRepeats = 0
    /// The most recent attempt's failure.
    private(set) var lastFailure: UpstreamFailure?
    /// Sessions refreshed for this request after a 401.
    private(set) var refreshedSessions: Set<Int> = []
    /// Whether the request was sent again after lmarena called its ids spoofed.
    private(set) var resentAfterClockCheck = false

    /// A policy for one request.
    init(maxRetries: Int, tokensArePooled: Bool) {
        self.maxRetries = maxRetries
        self.tokensArePooled = tokensArePooled
    }

    /// The first action: lease any healthy session.
    func start() -> Action {
        .lease(excluding: tried)
    }

    /// The pool answered a lease.
    mutating func leased(_ lease: SessionRoster.Lease) -> Action {
        switch lease {
        case .session(let session):
            attempts += 1
            return .send(session)
        case .noneConfigured:
            return .fail(.noSessionConfigured)
        case .allCoolingDown(let retryAfter):
            return .fail(.sessionsRateLimited(retryAfter: retryAfter))
        case .noneUsable:
            return .fail(.noUsableSession(after: lastFailure))
        case .exhausted:
            return .fail(lastFailure.map { .upstream($0) } ?? .noSessionConfigured)
        case .onlyAnonymous:
            return .fail(.signInRequired)
        }
    }

    /// The attempt on `session` failed with `failure` (the pool has been told already).
    mutating func failed(_ failure: UpstreamFailure, on session: ArenaSession) -> Action {
        lastFailure = failure
        if failure == .cancelled { return .fail(.upstream(failure)) }
        // Ids far from the site's clock: its Date has been read by now, so fresh ids are on its
        // time. Sent again once, on the same session, without counting as a retry.
        if failure.isSpoofedID, !resentAfterClockCheck {
            resentAfterClockCheck = true
            return .send(session)
        }
        // A 401 may be a token that expired a moment ago: refresh once, then send again on it.
        if failure.isUnauthorized, !refreshedSessions.contains(session.number) {
            refreshedSessions.insert(session.number)
            return .refresh(session)
        }
        // A session is not tried twice for one request, unless the failure was not its own
        // (a connection that dropped can be retried on the same session).
        if failure.setsSessionAside { tried.insert(session.number) }
        // A rejected pooled token was used up; it says nothing about the session.
        if failure.isRecaptchaRejection, tokensArePooled, rejectedTokens < Self.maxRejectedTokens {
            rejectedTokens += 1
            attempts -= 1
            return .lease(excluding: tried)
        }
        // "prompt failed" most often means a low-trust token: one more try with a fresh one.
        if failure.isPromptFailed, tokensArePooled, promptRepeats < Self.maxPromptRepeats {
            promptRepeats += 1
            attempts -= 1
            return .lease(excluding: tried)
        }
        // A penalty is the account's, not the request's: another account may answer it.
        guard failure.isRetryable || failure.isPenalty, attempts <= maxRetries else { return .fail(.upstream(failure)) }
        return .lease(excluding: tried)
    }

    /// The refresh the last action asked for ended: with the session's rotated value, or `nil`
    /// when it brought no new cookie (the session is then set aside, and the 401 decides).
    mutating func refreshed(_ rotated: ArenaSession?, from session: ArenaSession) -> Action {
        if let rotated { return .send(rotated) }
        tried.insert(session.number)
        guard let failure = lastFailure, failure.isRetryable, attempts <= maxRetries else {
            return .fail(lastFailure.map { .upstream($0) } ?? .noSessionConfigured)
        }
        return .lease(excluding: tried)
    }

    /// No reCAPTCHA token could be had for the attempt on a session.
    mutating func tokenUnavailable() -> Action {
        .fail(.recaptchaUnavailable)
    }
}
