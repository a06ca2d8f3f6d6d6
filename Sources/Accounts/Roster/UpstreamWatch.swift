import ArenaWire
import Foundation
import Logging
import Synchronization

/// What is known of lmarena as a whole, apart from any session: whether it answers connections
/// at all (``UpstreamReachability``, read by `/readyz`) and whether Cloudflare is challenging or
/// blocking this gateway (``CloudflareIncident``, logged once when it starts and once when it
/// ends), and how far its clock is from the host's (``SiteClock``). Its own lock: no session's lease waits for it.
package final class UpstreamWatch: Sendable {
    private struct State {
        var incident = CloudflareIncident()
        var reachability = UpstreamReachability()
        var clock = SiteClock()
    }

    private let state = Mutex(State())
    private let logger: Logger

    /// A watch that logs to `logger`.
    package init(logger: Logger) {
        self.logger = logger
    }

    /// Records whether an exchange reached lmarena: `detail` says why it could not, `nil` when it did.
    package func recordReach(failure detail: String?, now: ContinuousClock.Instant = .now) {
        state.withLock { state in
            if let detail { state.reachability.unreachable(detail, at: now) } else { state.reachability.reached() }
        }
    }

    /// Why lmarena is unreachable now, when every recent exchange failed to connect.
    package func unreachable(now: ContinuousClock.Instant = .now) -> String? {
        state.withLock { $0.reachability.problem(at: now) }
    }

    /// Learns the site's clock from an answer's `Date` header; logs an offset that changes much.
    package func observeDate(_ header: String?, received: Date = Date()) {
        guard let header else { return }
        let (before, after) = state.withLock { state in
            let before = state.clock.offset
            state.clock.observe(date: header, received: received)
            return (before, state.clock.offset)
        }
        if abs((after - before).components.seconds) >= 30 {
            logger.notice("lmarena's clock is \(after) ahead of this host's (negative: behind): ids are minted on lmarena's time")
        }
    }

    /// The site's time now, for minting ids.
    package func siteNow(host: Date = Date()) -> Date {
        state.withLock { $0.clock.siteTime(host) }
    }

    /// Records a Cloudflare challenge or block, logging the start of an incident once.
    package func recordCloudflare(_ verdict: CloudflareVerdict) {
        guard state.withLock({ $0.incident.record(verdict) }) else { return }
        switch verdict {
        case .challenge:
            logger.error("Cloudflare is challenging requests to lmarena: \(verdict.advice); requests fail with 503 cloudflare_challenge until then")
        case .block:
            logger.error("Cloudflare is blocking requests to lmarena: \(verdict.advice); requests fail with 503 cloudflare_blocked")
        case .other:
            break
        }
    }

    /// An answer arrived: a Cloudflare incident in progress is over (logged once, with its count).
    package func answered() {
        guard let hits = state.withLock({ $0.incident.clear() }) else { return }
        logger.notice("the Cloudflare incident is over: answers are arriving again (it affected \(hits) requests)")
    }
}
