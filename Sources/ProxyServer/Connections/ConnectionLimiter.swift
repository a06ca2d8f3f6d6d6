import Logging
import Synchronization

/// Counts the gateway's open client connections against `MAX_CONNECTIONS`. Over it, a new
/// connection is closed at once; one log line says the cap was reached, and one that
/// connections are accepted again once the count is back to nine tenths of it.
package final class ConnectionLimiter: Sendable {
    /// The most connections open at once.
    package let maximum: Int
    private let state = Mutex((open: 0, refusing: false, refused: 0))
    private let logger: Logger

    /// Creates a limiter of `maximum` connections.
    package init(maximum: Int, logger: Logger) {
        self.maximum = maximum
        self.logger = logger
    }

    /// Connections open now.
    package var open: Int { state.withLock { $0.open } }

    /// Connections refused since the start.
    package var refused: Int { state.withLock { $0.refused } }

    /// Counts a new connection; `false` when it is over the cap and must be closed.
    func admit() -> Bool {
        let (admitted, firstRefusal) = state.withLock { state -> (Bool, Bool) in
            guard state.open < maximum else {
                state.refused += 1
                let first = !state.refusing
                state.refusing = true
                return (false, first)
            }
            state.open += 1
            return (true, false)
        }
        if firstRefusal {
            logger.warning("MAX_CONNECTIONS (\(maximum)) reached: new connections are closed until some end")
        }
        return admitted
    }

    /// Counts a connection that ended.
    func release() {
        let recovered = state.withLock { state -> Int? in
            state.open -= 1
            guard state.refusing, state.open * 10 <= maximum * 9 else { return nil }
            state.refusing = false
            return state.refused
        }
        if let recovered {
            logger.notice("below MAX_CONNECTIONS again: accepting connections (\(recovered) refused so far)")
        }
    }
}
