import Foundation
import Settings
import Synchronization

/// The gateway's Prometheus metrics: requests by route and status, upstream attempts by
/// outcome, time-to-first-token and duration histograms; sessions by state and pooled tokens
/// are read at scrape time.
package final class GatewayMetrics: Sendable {
    /// Histogram bucket bounds in seconds.
    static let buckets: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]

    private struct Histogram {
        var counts = [Int](repeating: 0, count: GatewayMetrics.buckets.count)
        var sum = 0.0
        var count = 0

        mutating func observe(_ seconds: Double) {
            for (index, bound) in GatewayMetrics.buckets.enumerated() where seconds <= bound { counts[index] += 1 }
            sum += seconds
            count += 1
        }
    }

    private struct State {
        var requests: [RequestKey: Int] = [:]
        var attempts: [String: Int] = [:]
        var timeToFirstToken = Histogram()
        var duration = Histogram()
        var queueWait = Histogram()
    }

    private struct RequestKey: Hashable {
        let route: String
        let status: Int
    }

    private let state = Mutex(State())

    /// Creates empty metrics.
    public init() {}

    /// Counts an answered request.
    public func recordRequest(route: String, status: Int) {
        state.withLock { $0.requests[RequestKey(route: route, status: status), default: 0] += 1 }
    }

    /// Counts an upstream attempt by how it ended (`success` or an error code).
    public func recordAttempt(outcome: String) {
        state.withLock { $0.attempts[outcome, default: 0] += 1 }
    }

    /// Observes the time from a request's arrival to its first content.
    public func observeTimeToFirstToken(_ duration: Duration) {
        state.withLock { $0.timeToFirstToken.observe(duration.inSeconds) }
    }

    /// Observes the time from a request's upstream start to the end of its answer.
    public func observeDuration(_ duration: Duration) {
        state.withLock { $0.duration.observe(duration.inSeconds) }
    }

    /// Observes how long a request waited for an account's turn.
    package func observeQueueWait(_ duration: Duration) {
        state.withLock { $0.queueWait.observe(duration.inSeconds) }
    }

    /// The Prometheus text exposition (version 0.0.4), with the given gauges appended.
    public func exposition(sessions: [String: Int], rateLimitRemaining: [Int: Int] = [:], recaptchaTokens: Int) -> String {
        let snapshot = state.withLock { $0 }
        var out = ""
        out += "# HELP lmarena2api_http_requests_total HTTP requests answered, by route and status.\n"
        out += "# TYPE lmarena2api_http_requests_total counter\n"
        for (key, value) in snapshot.requests.sorted(by: { ($0.key.route, $0.key.status) < ($1.key.route, $1.key.status) }) {
            out += "lmarena2api_http_requests_total{route=\"\(Self.escape(key.route))\",status=\"\(key.status)\"} \(value)\n"
        }
        out += "# HELP lmarena2api_upstream_attempts_total Upstream attempts, by outcome (success or the error code).\n"
        out += "# TYPE lmarena2api_upstream_attempts_total counter\n"
        for (outcome, value) in snapshot.attempts.sorted(by: { $0.key < $1.key }) {
            out += "lmarena2api_upstream_attempts_total{outcome=\"\(Self.escape(outcome))\"} \(value)\n"
        }
        out += Self.histogram("lmarena2api_time_to_first_token_seconds", "Time from a chat request to its first content.", snapshot.timeToFirstToken)
        out += Self.histogram(
            "lmarena2api_answer_duration_seconds", "Time from the first upstream request to the end of the answer.", snapshot.duration)
        out += Self.histogram("lmarena2api_queue_wait_seconds", "Time a request waited for an account's turn.", snapshot.queueWait)
        out += "# HELP lmarena2api_sessions lmarena sessions, by state.\n# TYPE lmarena2api_sessions gauge\n"
        for (state, value) in sessions.sorted(by: { $0.key < $1.key }) {
            out += "lmarena2api_sessions{state=\"\(state)\"} \(value)\n"
        }
        if !rateLimitRemaining.isEmpty {
            out +=
                "# HELP lmarena2api_session_ratelimit_remaining Requests left in lmarena's rate-limit window, from its last answer, by session number.\n"
            out += "# TYPE lmarena2api_session_ratelimit_remaining gauge\n"
            for (number, remaining) in rateLimitRemaining.sorted(by: { $0.key < $1.key }) {
                out += "lmarena2api_session_ratelimit_remaining{session=\"\(number)\"} \(remaining)\n"
            }
        }
        out += "# HELP lmarena2api_recaptcha_tokens reCAPTCHA tokens waiting in the pool.\n# TYPE lmarena2api_recaptcha_tokens gauge\n"
        out += "lmarena2api_recaptcha_tokens \(recaptchaTokens)\n"
        out += "# HELP process_resident_memory_bytes Resident memory size in bytes.\n# TYPE process_resident_memory_bytes gauge\n"
        out += "process_resident_memory_bytes \(ProcessMemory.residentBytes())\n"
        if let heap = ProcessMemory.heapInUseBytes() {
            out += "# HELP lmarena2api_heap_in_use_bytes Heap bytes allocated and not freed (glibc mallinfo2).\n"
            out += "# TYPE lmarena2api_heap_in_use_bytes gauge\nlmarena2api_heap_in_use_bytes \(heap)\n"
        }
        return out
    }

    private static func histogram(_ name: String, _ help: String, _ histogram: Histogram) -> String {
        var out = "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        for (index, bound) in buckets.enumerated() {
            out += "\(name)_bucket{le=\"\(bound)\"} \(histogram.counts[index])\n"
        }
        out += "\(name)_bucket{le=\"+Inf\"} \(histogram.count)\n\(name)_sum \(histogram.sum)\n\(name)_count \(histogram.count)\n"
        return out
    }

    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
