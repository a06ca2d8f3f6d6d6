import CMalloc
import Synchronization

/// Bounds the request body bytes the gateway holds at once (`REQUEST_BYTES_IN_FLIGHT`): a request
/// that declares more than 64 KiB reserves its declared length (or `MAX_REQUEST_BYTES` when it
/// declares none) before its body is read, waits up to `wait` for room while the body stays in the socket, and is otherwise answered
/// 503 with `Retry-After`. Once the last reservation is released after large bodies, free heap
/// memory is handed back to the system (at most once a second), so a burst does not leave the
/// process holding its peak. A body that holds a reservation must arrive whole within
/// `bodyDeadline`, or the request is answered 408.
package final class RequestBytesBudget: Sendable {
    /// One request's share; released once, when the request no longer holds its body.
    package struct Reservation: Sendable {
        let budget: RequestBytesBudget?
        let bytes: Int

        /// `bytes` held from `budget` (`nil`: held from no budget, nothing to give back).
        package init(budget: RequestBytesBudget?, bytes: Int) {
            self.budget = budget
            self.bytes = bytes
        }

        /// Gives the bytes back.
        package func release() {
            budget?.release(bytes)
        }
    }

    /// The bytes that may be in flight.
    package let capacity: Int
    /// How long a request waits for room.
    package let wait: Duration
    /// How long a body that holds a reservation may take to arrive whole (`REQUEST_BODY_TIMEOUT`):
    /// a client that trickles its body cannot hold room for longer.
    package let bodyDeadline: Duration
    /// Bodies declared at most this long are read without a reservation.
    package static let smallBody = 64 << 10
    /// Released bytes after which the heap is trimmed when nothing is in flight.
    static let trimAfter = 16 << 20
    private let state = Mutex((inUse: 0, releasedSinceTrim: 0, lastTrim: ContinuousClock.now - .seconds(10)))

    /// Creates a budget of `capacity` bytes.
    package init(capacity: Int, wait: Duration = .seconds(20), bodyDeadline: Duration = .seconds(30)) {
        self.capacity = capacity
        self.wait = wait
        self.bodyDeadline = bodyDeadline
    }

    /// Bytes reserved now.
    package var inUse: Int { state.withLock { $0.inUse } }

    /// Reserves `bytes` (at most the whole capacity), waiting for room; `nil` when none came in time.
    package func reserve(_ bytes: Int) async -> Reservation? {
        let wanted = min(max(bytes, 1), capacity)
        let deadline = ContinuousClock.now + wait
        while true {
            let granted = state.withLock { state -> Bool in
                guard state.inUse + wanted <= capacity else { return false }
                state.inUse += wanted
                return true
            }
            if granted { return Reservation(budget: self, bytes: wanted) }
            guard ContinuousClock.now < deadline, !Task.isCancelled else { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private func release(_ bytes: Int) {
        let trim = state.withLock { state -> Bool in
            state.inUse -= bytes
            state.releasedSinceTrim += bytes
            let now = ContinuousClock.now
            guard state.inUse == 0, state.releasedSinceTrim >= Self.trimAfter, now - state.lastTrim >= .seconds(1) else { return false }
            state.releasedSinceTrim = 0
            state.lastTrim = now
            return true
        }
        if trim { _ = lmarena_trim_heap() }
    }
}
