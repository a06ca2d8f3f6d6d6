import ArenaWire
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Settings
import Synchronization

/// Keeps sessions signed in: refreshes a session whose token expires within
/// `SESSION_REFRESH_MARGIN` in the background, and on demand after a 401.
///
/// A refresh is `GET {LMARENA_BASE_URL}/` with the session's cookies; the site's middleware
/// answers a session near expiry with a rotated `Set-Cookie`, which the pool applies like any
/// other. One refresh per session runs at a time: a second caller waits for the first's outcome.
package final class SessionRefresher: Service, Sendable, ConcealsSecrets {
    /// How a refresh ended.
    package enum Outcome: Sendable, Equatable {
        /// lmarena issued a new auth cookie; the session now sends it.
        case rotated(ArenaSession)
        /// lmarena answered, without a new auth cookie: the session cannot be brought back.
        case notRotated(reason: String)
        /// lmarena could not be asked (connection, Cloudflare, a 5xx): the session is not to blame.
        case unreachable(UpstreamFailure)
    }

    private let pool: SessionPool
    private let watch: UpstreamWatch
    private let running: RunningRefreshes
    private let transport: any ArenaTransport
    private let builder: ArenaRequestBuilder
    /// Seconds before expiry a session is refreshed (`SESSION_REFRESH_MARGIN`).
    let margin: Duration
    /// How often the background loop looks for sessions to refresh.
    let tick: Duration
    private let logger: Logger

    /// Creates a refresher; the refreshers of one gateway share `running`.
    package init(
        pool: SessionPool, watch: UpstreamWatch, running: RunningRefreshes, transport: any ArenaTransport, builder: ArenaRequestBuilder,
        margin: Duration, tick: Duration, logger: Logger
    ) {
        self.pool = pool
        self.watch = watch
        self.running = running
        self.transport = transport
        self.builder = builder
        self.margin = margin
        self.tick = tick
        self.logger = logger
    }

    package func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.refreshDue()
                try? await Task.sleep(for: self.tick)
            }
        }
    }

    /// Refreshes, at once and side by side, every session due now.
    func refreshDue() async {
        let due = pool.dueForRefresh(margin: margin.inSeconds)
        await withTaskGroup(of: Void.self) { group in
            for session in due {
                group.addTask { _ = await self.refresh(session, because: "its token expires within \(Int(self.margin.inSeconds)) s") }
            }
        }
    }

    /// Refreshes `session`, or waits for the refresh of it already running.
    package func refresh(_ session: ArenaSession, because reason: String) async -> Outcome {
        let task = running.join(session.number) { Task { await self.perform(session, because: reason) } }
        let outcome = await task.value
        running.finish(session.number, task: task)
        return outcome
    }

    /// One refresh, its outcome recorded and logged.
    private func perform(_ session: ArenaSession, because reason: String) async -> Outcome {
        let current = pool.current(session.number) ?? session
        let outcome = await ask(current)
        switch outcome {
        case .rotated(let rotated):
            pool.refreshEnded(current, succeeded: true)
            let until = rotated.claims?.expiresAt.map { ", valid until \(SessionRestore.stamp($0))" } ?? ""
            logger.info("\(rotated) refreshed (\(reason)): lmarena issued a new cookie\(until)")
        case .notRotated(let why):
            pool.refreshEnded(current, succeeded: false)
            logger.warning("\(current) could not be refreshed (\(reason)): \(why)")
        case .unreachable(let failure):
            pool.refreshEnded(current, succeeded: false)
            logger.warning(
                "\(current) could not be refreshed (\(reason)): lmarena could not be asked: \(Redactor(learned: pool.secrets).scrub(failure.description))"
            )
        }
        return outcome
    }

    /// Loads the site's front page with the session's cookies and reads what it says.
    private func ask(_ session: ArenaSession) async -> Outcome {
        let reply: ArenaExchange.Reply
        do {
            reply = try await ArenaExchange(transport: transport, pool: pool, watch: watch).read(
                builder.pageRequest(session: session), session: session, limit: CloudflareDetector.maxParsedBytes, rule: .page,
                redactor: Redactor(learned: pool.secrets))
        } catch {
            return .unreachable(error)
        }
        if case .rotated(let rotated, auth: true) = reply.rotation {
            return .rotated(rotated)
        }
        return .notRotated(
            reason: "GET / answered \(reply.status) without a new session cookie (the session is signed out or its refresh token was spent)")
    }
}
