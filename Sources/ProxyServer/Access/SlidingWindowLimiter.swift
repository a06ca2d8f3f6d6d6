/// Per-client request limits over a sliding one-minute window, as a state machine: methods take
/// the time, so the limiter is tested without sleeping.
///
/// Each client keeps the times of its requests within the last window (never more than the
/// limit), so `Retry-After` is exact: when the oldest of them leaves the window. Clients with
/// nothing left in the window are swept out once per window, so a million distinct addresses
/// cost memory only while they are active.
struct SlidingWindowLimiter: Sendable {
    /// The verdict on one request.
    enum Decision: Sendable, Equatable {
        /// Let it through.
        case allowed
        /// Over the limit: the client may try again after this many whole seconds.
        case limited(retryAfter: Int)
    }

    /// Requests allowed per window; 0 turns limiting off.
    let limit: Int
    /// The window length in seconds.
    let windowSeconds: Double
    private var requests: [String: [Double]] = [:]
    private var nextSweep = 0.0

    /// Creates a limiter of `limit` requests per `windowSeconds`.
    init(limit: Int, windowSeconds: Double = 60) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    /// Clients currently tracked.
    var trackedClients: Int { requests.count }

    /// Decides on a request from `client` at `now` (seconds on any monotonic clock) and counts it when allowed.
    mutating func check(_ client: String, now: Double) -> Decision {
        guard limit > 0 else { return .allowed }
        sweep(now: now)
        var times = requests[client] ?? []
        let horizon = now - windowSeconds
        if let stale = times.firstIndex(where: { $0 > horizon }) {
            times.removeFirst(stale)
        } else {
            times.removeAll(keepingCapacity: true)
        }
        guard times.count < limit else {
            requests[client] = times
            let wait = times[times.count - limit] + windowSeconds - now
            return .limited(retryAfter: max(1, Int(wait.rounded(.up))))
        }
        times.append(now)
        requests[client] = times
        return .allowed
    }

    /// Drops clients with no request inside the window; runs at most once per window.
    private mutating func sweep(now: Double) {
        guard now >= nextSweep else { return }
        nextSweep = now + windowSeconds
        let horizon = now - windowSeconds
        requests = requests.filter { ($0.value.last ?? -.infinity) > horizon }
    }
}
