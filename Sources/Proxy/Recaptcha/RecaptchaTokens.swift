import Synchronization

/// Where `v2` requests get their reCAPTCHA token: the static `RECAPTCHA_TOKEN` when set,
/// otherwise the pool a browser helper feeds, waiting up to `RECAPTCHA_WAIT` when it is empty.
public final class RecaptchaTokens: Sendable {
    /// The static token, reused for every request.
    public let staticToken: String?
    /// How long a request waits for a token to arrive in an empty pool.
    public let wait: Duration
    private let pool = Mutex(RecaptchaTokenPool())

    /// Creates a token source.
    public init(staticToken: String?, wait: Duration) {
        self.staticToken = staticToken
        self.wait = wait
    }

    /// Whether tokens come from the pool (so a rejected one can be replaced by the next).
    public var isPooled: Bool { staticToken == nil }

    /// Adds tokens to the pool; returns how many were new.
    public func add(_ tokens: [String], now: ContinuousClock.Instant = .now) -> Int {
        pool.withLock { pool in tokens.filter { pool.add($0, now: now) }.count }
    }

    /// Tokens waiting in the pool.
    public func count(now: ContinuousClock.Instant = .now) -> Int {
        pool.withLock { $0.count(now: now) }
    }

    /// A token for one request. Throws 503 `recaptcha_unavailable` when the pool stays empty for
    /// ``wait``, and `CancellationError` when the client leaves first.
    public func next() async throws -> String {
        if let staticToken { return staticToken }
        let deadline = ContinuousClock.now.advanced(by: wait)
        while true {
            if let token = pool.withLock({ $0.take(now: .now) }) { return token }
            guard ContinuousClock.now < deadline else {
                throw OpenAIError(
                    status: 503,
                    message: "no reCAPTCHA token is available: lmarena needs a fresh one for every chat request. Feed the pool from a signed-in browser (POST /admin/recaptcha-tokens, see the README) or set RECAPTCHA_TOKEN",
                    type: "upstream_error", code: "recaptcha_unavailable")
            }
            // Poll while empty: tokens arrive every few seconds at most, and an empty pool is rare.
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
