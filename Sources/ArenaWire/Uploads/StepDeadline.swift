/// Runs one step of work against a deadline that covers all of it (a download's body too, which
/// AsyncHTTPClient's own deadline does not).
package enum StepDeadline {
    /// Thrown when the step did not finish within its time.
    package struct Exceeded: Error, Sendable {
        /// The time the step had.
        package let limit: Duration
    }

    private enum Outcome<Value: Sendable>: Sendable {
        case finished(Value)
        case timedOut
    }

    /// The result of `operation`, or ``Exceeded`` once `limit` has passed (the operation is then
    /// cancelled). The caller's cancellation cancels both.
    package static func run<Value: Sendable>(
        within limit: Duration, _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withThrowingTaskGroup(of: Outcome<Value>.self) { group in
            group.addTask { .finished(try await operation()) }
            group.addTask {
                try await Task.sleep(for: limit)
                return .timedOut
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            switch first {
            case .finished(let value): return value
            case .timedOut: throw Exceeded(limit: limit)
            }
        }
    }
}
