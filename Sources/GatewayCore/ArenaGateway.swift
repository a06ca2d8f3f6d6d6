import Accounts
import ArenaWire
import Logging
import NIOCore
import NIOHTTP1

/// The gateway's core: turns a validated request for a model into an upstream answer that has
/// started, by carrying out what ``RetryPolicy`` decides.
///
/// Nothing reaches the client until the first upstream content event, so every failure before
/// it is a ``GatewayFailure`` the route answers with a proper status, or a retry on another
/// session. docs/ARCHITECTURE.md walks the whole path.
package struct ArenaGateway: Sendable {
    /// Where upstream requests go.
    var transport: any ArenaTransport
    /// Builds upstream requests in the configured dialect.
    var builder: ArenaRequestBuilder
    /// The lmarena sessions and their health.
    package var pool: SessionPool
    /// lmarena as a whole: reachability and Cloudflare incidents.
    package var watch: UpstreamWatch
    /// Where `v2` requests get their reCAPTCHA tokens.
    package var recaptcha: RecaptchaSupply
    /// How many times a failed attempt is retried on another session (`MAX_RETRIES`).
    var maxRetries: Int
    /// Where attempts, time to first token and durations are counted.
    package var metrics: GatewayMetrics
    /// What removes credentials from debug logs.
    package var redactor: Redactor
    /// What refreshes a session after a 401 (`nil`: a 401 disables the session at once).
    var refresher: SessionRefresher?
    /// Whether the gateway is shutting down.
    package var shutdown: ShutdownState
    /// Reads the images of requests (`nil`: image parts are refused).
    package var imageIntake: ImageIntake?
    /// Puts images on lmarena's storage (`nil`: image parts are refused).
    package var uploader: AttachmentUploader?
    /// Bounds the request bodies held at once (`nil`: no bound).
    package var bodyBudget: RequestBytesBudget?
    /// Paces each account and queues requests for their turns (`nil`: every request is sent at once).
    package var dispatcher: AccountDispatcher?

    /// Creates a gateway.
    package init(
        transport: any ArenaTransport, builder: ArenaRequestBuilder, pool: SessionPool,
        watch: UpstreamWatch = UpstreamWatch(logger: Logger(label: "lmarena2api")), recaptcha: RecaptchaSupply, maxRetries: Int,
        metrics: GatewayMetrics = GatewayMetrics(), redactor: Redactor = Redactor(), refresher: SessionRefresher? = nil,
        shutdown: ShutdownState = ShutdownState()
    ) {
        self.transport = transport
        self.builder = builder
        self.pool = pool
        self.watch = watch
        self.recaptcha = recaptcha
        self.maxRetries = maxRetries
        self.metrics = metrics
        self.redactor = redactor
        self.refresher = refresher
        self.shutdown = shutdown
    }

    /// Sends `conversation` to `model` (with `images`, read from the request's image parts) and
    /// reads until the first content event, retrying as ``RetryPolicy`` says while nothing has
    /// reached the client. Each attempt waits for its account's turn first, queued fairly among
    /// the requests of other clients (`client`: who sent it).
    package func open(
        model: ArenaModel, conversation: ArenaConversation, images: [PreparedImage] = [], client: String = "", logger: Logger
    ) async throws(GatewayFailure) -> sending ArenaAnswer {
        let arrived = ContinuousClock.now
        var policy = RetryPolicy(maxRetries: maxRetries, tokensArePooled: builder.dialect == .v2 && recaptcha.isPooled)
        var action = policy.start()
        var turn: PaceTurn?
        var promptFailures = 0
        while true {
            switch action {
            case .lease(let excluding):
                let lease = pool.lease(excluding: excluding, model: model.id)
                guard case .session = lease, let dispatcher else {
                    action = policy.leased(lease)
                    continue
                }
                // An account is usable: wait for the turn of one (the first whose turn comes).
                let granted = try await wait(for: dispatcher, client: client, excluding: excluding, model: model, retry: policy.attempts > 0)
                guard let session = pool.current(granted.number) else {
                    granted.failed()
                    continue
                }
                turn = granted
                action = policy.leased(.session(session))
            case .fail(let failure):
                throw failure
            case .refresh(let session):
                let outcome = await refresher?.refresh(session, because: "lmarena answered 401") ?? .notRotated(reason: "no refresher")
                switch outcome {
                case .rotated(let rotated):
                    action = policy.refreshed(rotated, from: session)
                case .notRotated:
                    // Only now is the 401 the session's: it is disabled.
                    if let last = policy.lastFailure { pool.report(session, last.sessionOutcome.redacted(by: redactor)) }
                    action = policy.refreshed(nil, from: session)
                case .unreachable:
                    action = policy.refreshed(nil, from: session)
                }
            case .send(let leased):
                // The newest cookies: a rotation since the lease is never sent stale.
                let session = pool.current(leased.number) ?? leased
                // Images go up first (a reCAPTCHA token is short-lived). A failed upload is the
                // request's failure, never held against the session.
                let attachments = try await upload(images, session: session, logger: logger)
                var token: String?
                if builder.dialect == .v2 {
                    guard let next = await recaptcha.next() else {
                        action = Task.isCancelled ? .fail(.upstream(.cancelled)) : policy.tokenUnavailable()
                        turn?.failed()
                        continue
                    }
                    token = next
                }
                do {
                    let answer = try await attempt(
                        model: model, conversation: conversation, attachments: attachments, session: session, token: token, logger: logger)
                    pool.report(session, .success)
                    // The account's turn lasts as long as its answer.
                    if let held = turn { answer.whenDone = { held.succeeded() } }
                    turn = nil
                    metrics.recordAttempt(outcome: "success")
                    metrics.observeTimeToFirstToken(arrived.duration(to: .now))
                    return answer
                } catch {
                    action = policy.failed(error, on: session)
                    if error.isPromptFailed { promptFailures += 1 }
                    // A refresh, or ids minted again, send again on the same account, in the same turn.
                    switch action {
                    case .refresh, .send: break
                    case .lease, .fail:
                        end(turn, after: error, promptFailures: promptFailures)
                        turn = nil
                    }
                    guard error != .cancelled else { continue }
                    if error.isLoginGate { pool.markLoginGated(model.id) }
                    // A 401 that leads to a refresh is not held against the session yet.
                    if case .refresh = action {} else { pool.report(session, error.sessionOutcome.redacted(by: redactor)) }
                    metrics.recordAttempt(outcome: error.code)
                    logger.warning(
                        "upstream attempt failed",
                        metadata: [
                            "session": "\(session)", "attempt": "\(policy.attempts)", "failure": "\(redactor.scrub(error.description))",
                            "retry": "\(action != .fail(.upstream(error)))",
                        ])
                }
            }
        }
    }

    /// Waits for an account's turn; a wait too long is `sessionsBusy`, a client that left `cancelled`.
    private func wait(
        for dispatcher: AccountDispatcher, client: String, excluding: Set<Int>, model: ArenaModel, retry: Bool
    ) async throws(GatewayFailure) -> PaceTurn {
        do {
            let granted = try await dispatcher.turn(client: client, excluding: excluding, signedIn: pool.needsSignIn(model.id), retry: retry)
            metrics.observeQueueWait(granted.waited)
            return granted
        } catch let refusal as PaceRefusal {
            throw .sessionsBusy(estimate: refusal.estimate, summary: refusal.summary)
        } catch {
            throw .upstream(.cancelled)
        }
    }

    /// Ends an account's turn after a failed attempt: a penalty rests the account (as does a
    /// `429 prompt failed` that a fresh token did not cure); anything else just ends the turn.
    private func end(_ turn: PaceTurn?, after failure: UpstreamFailure, promptFailures: Int) {
        guard let turn else { return }
        // A second "prompt failed" in one request: the fresh token it was repeated with did not cure it.
        let uncuredPrompt = failure.isPromptFailed && promptFailures > 1
        guard failure.isPenalty || uncuredPrompt, let rules = dispatcher?.rules else { return turn.failed() }
        var rest = rules.penaltyRest
        if case .rejected(_, let retryAfter?, _) = failure { rest = max(rest, .seconds(retryAfter)) }
        turn.penalized(rest: rest, reason: "\(failure.code): \(redactor.scrub(failure.description))")
    }

    /// One upstream attempt on `session`: send, then classify and open the answer.
    private func attempt(
        model: ArenaModel, conversation: ArenaConversation, attachments: [ArenaAttachment], session: ArenaSession, token: String?, logger: Logger
    ) async throws(UpstreamFailure) -> ArenaAnswer {
        // Ids are minted just before sending, on lmarena's clock.
        let request = builder.chatRequest(
            model: model, conversation: conversation, session: session, recaptchaToken: token, attachments: attachments, now: watch.siteNow())
        let started = ContinuousClock.now
        if logger.logLevel <= .debug {
            let body = redactor.body(String(buffer: request.body))
            logger.debug(
                "upstream request",
                metadata: [
                    "url": "\(redactor.scrub(request.url))", "session": "\(session)", "headers": "\(redactor.headers(request.headers))",
                    "body": "\(body.count > 2000 ? String(body.prefix(2000)) + "..." : body)",
                ])
        }
        let answer = try await ArenaExchange(transport: transport, pool: pool, watch: watch).open(
            request, session: session, redactor: redactor, origin: builder.baseURL, logger: logger)
        logger.debug("first content", metadata: ["after": "\(started.duration(to: .now))"])
        return answer
    }
}
