import ArenaWire
import Synchronization

/// Where `v2` requests get their reCAPTCHA token: the static `RECAPTCHA_TOKEN` when set,
/// otherwise the pool a browser helper feeds, waiting up to `RECAPTCHA_WAIT` when it is empty.
package final class RecaptchaSupply: Sendable, ConcealsSecrets {
    /// The static token, reused for every request.
    let staticToken: String?
    /// How long a request waits for a token to arrive in an empty pool.
    let wait: Duration
    private let pool = Mutex(RecaptchaTokenPool())

    /// Creates a token source.
    package init(staticToken: String?, wait: Duration) {
        self.staticToken = staticToken
        self.wait = wait
    }

    /// Whether tokens come from the pool (so a rejected one can be replaced by the next).
    package var isPooled: Bool { staticToken == nil }

    /// Adds tokens to the pool; returns how many were new.
    package func add(_ tokens: [String], now: ContinuousClock.Instant = .now) -> Int {
        pool.withLock { pool in tokens.filter { pool.add($0, now: now) }.count }
    }

    /// Tokens waiting in the pool.
    package func count(now: ContinuousClock.Instant = .now) -> Int {
        pool.withLock { $0.count(now: now) }
    }

    /// A token for one request; `nil` when the pool stays empty for ``wait`` or the client leaves first.
    package func next() async -> String? {
        if let staticToken { return staticToken }
        let deadline = ContinuousClock.now.advanced(by: wait)
        while true {
            if let token = pool.withLock({ $0.take(now: .now) }) { return token }
            guard ContinuousClock.now < deadline else { return nil }
            // Poll while empty: tokens arrive every few seconds at most, and an empty pool is rare.
            do {
                try await Task.sleep(for: .milliseconds(50))
            } catch {
                return nil
            }
        }
    }
}
