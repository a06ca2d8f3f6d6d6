import Accounts
import ArenaWire

/// The per-session part of `/metrics`: health, rotations and refreshes of each session, labelled
/// by number and fingerprint (never by cookie).
enum SessionMetrics {
    /// Prometheus text for `entries` at `now`.
    static func exposition(_ entries: [SessionRoster.Entry], now: ContinuousClock.Instant = .now) -> String {
        var health = "# HELP lmarena2api_session_health Each session's state: 1 on the series of its current state.\n"
        health += "# TYPE lmarena2api_session_health gauge\n"
        var rotations = "# HELP lmarena2api_session_rotations_total Times lmarena rotated a session's auth cookie.\n"
        rotations += "# TYPE lmarena2api_session_rotations_total counter\n"
        var refreshes = "# HELP lmarena2api_session_refreshes_total Refreshes of a session, by result (ok: a new cookie came).\n"
        refreshes += "# TYPE lmarena2api_session_refreshes_total counter\n"
        for entry in entries {
            let labels = "session=\"\(entry.session.number)\",fingerprint=\"\(entry.session.fingerprint)\""
            let state: String
            switch entry.health {
            case .healthy: state = "healthy"
            case .coolingDown(let until): state = until <= now ? "healthy" : "cooling_down"
            case .disabled: state = "disabled"
            }
            for candidate in ["healthy", "cooling_down", "disabled"] {
                health += "lmarena2api_session_health{\(labels),state=\"\(candidate)\"} \(candidate == state ? 1 : 0)\n"
            }
            rotations += "lmarena2api_session_rotations_total{\(labels)} \(entry.rotations)\n"
            refreshes += "lmarena2api_session_refreshes_total{\(labels),result=\"ok\"} \(entry.refreshesSucceeded)\n"
            refreshes += "lmarena2api_session_refreshes_total{\(labels),result=\"failed\"} \(entry.refreshesFailed)\n"
        }
        return health + rotations + refreshes
    }
}
