import ArenaWire

/// reCAPTCHA v3 tokens handed in by a browser helper, as a state machine: each token is used
/// once, and dropped once it is older than ``lifetime`` (lmarena's tokens live about 120 s).
struct RecaptchaTokenPool: Sendable, ConcealsSecrets {
    /// How long a pooled token is offered.
    static let lifetime: Duration = .seconds(110)
    /// The most tokens kept; the oldest go first beyond it.
    static let capacity = 1000

    private var tokens: [(value: String, expires: ContinuousClock.Instant)] = []

    /// An empty pool.
    init() {}

    /// Adds a token received at `now`; returns `false` for an empty or already pooled one.
    @discardableResult
    mutating func add(_ token: String, now: ContinuousClock.Instant) -> Bool {
        guard !token.isEmpty, !tokens.contains(where: { $0.value == token }) else { return false }
        tokens.append((token, now.advanced(by: Self.lifetime)))
        if tokens.count > Self.capacity { tokens.removeFirst(tokens.count - Self.capacity) }
        return true
    }

    /// Takes the oldest token still fresh at `now`, dropping the expired ones.
    mutating func take(now: ContinuousClock.Instant) -> String? {
        expire(now: now)
        return tokens.isEmpty ? nil : tokens.removeFirst().value
    }

    /// Tokens still fresh at `now`.
    func count(now: ContinuousClock.Instant) -> Int {
        tokens.filter { $0.expires > now }.count
    }

    private mutating func expire(now: ContinuousClock.Instant) {
        tokens.removeAll { $0.expires <= now }
    }
}
