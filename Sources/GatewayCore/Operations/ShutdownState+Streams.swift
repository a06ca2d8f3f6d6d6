/// Lets the end of a streaming closure's task be reached from a child task.
private struct StreamOperation: @unchecked Sendable {
    let run: () async throws -> Void
}

/// How a stream's race with the cut ended.
private enum StreamOutcome: Sendable {
    case ended
    case cut
    case watcherStopped
}

extension ShutdownState {
    /// Runs a stream's `operation` until it ends, or until streams are cut; returns whether it
    /// was cut. A cut operation is cancelled and has ended when this returns, so the caller may
    /// write the stream's last frame with the writer the operation used.
    ///
    /// One watching task per stream, not per chunk: the streaming path itself is unchanged.
    package func runUnlessCut(_ operation: () async throws -> Void) async throws -> Bool {
        try await withoutActuallyEscaping(operation) { operation in
            // The operation runs in a child task and is awaited before this returns: the group
            // never outlives the caller's exclusive access to what the operation captured.
            let child = StreamOperation(run: operation)
            return try await withThrowingTaskGroup(of: StreamOutcome.self) { group in
                group.addTask {
                    try await child.run()
                    return .ended
                }
                group.addTask {
                    await self.waitForCut()
                    return self.isCutting ? .cut : .watcherStopped
                }
                while let outcome = try await group.next() {
                    switch outcome {
                    case .ended:
                        group.cancelAll()
                        return false
                    case .watcherStopped:
                        continue
                    case .cut:
                        // The stream is cancelled; the group awaits its end (its error is expected
                        // and dropped) before this returns.
                        group.cancelAll()
                        noteCut()
                        return true
                    }
                }
                return false
            }
        }
    }
}
