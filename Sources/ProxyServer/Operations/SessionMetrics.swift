import Accounts
import ArenaWire
import Settings

/// The per-session part of `/metrics`: health, rotations and refreshes of each session, labelled
/// by number and fingerprint (never by cookie).
enum SessionMetrics {
    /// Prometheus text for `entries` at `now`, with their paces and the queue when pacing is in use.
    static func exposition(_ entries: [SessionRoster.Entry], dispatcher: AccountDispatcher? = nil, now: ContinuousClock.Instant = .now) -> String {
        let snapshot = dispatcher?.snapshot()
        var slots = "# HELP lmarena2api_session_next_slot_seconds Seconds until a session may send its next request (0: now).\n"
        slots += "# TYPE lmarena2api_session_next_slot_seconds gauge\n"
        var penalties = "# HELP lmarena2api_session_penalties_total Penalties lmarena gave a session (403 recaptcha validation failed).\n"
        penalties += "# TYPE lmarena2api_session_penalties_total counter\n"
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
            if let dispatcher {
                let pace = snapshot?.paces[entry.session.number] ?? AccountPace(rules: dispatcher.rules)
                let wait = now.duration(to: pace.nextSlot(dispatcher.rules, now: now))
                slots += "lmarena2api_session_next_slot_seconds{\(labels)} \(wait.inSeconds)\n"
                penalties += "lmarena2api_session_penalties_total{\(labels)} \(pace.penalties)\n"
            }
        }
        guard let snapshot else { return health + rotations + refreshes }
        let waiting =
            "# HELP lmarena2api_queue_waiting Requests waiting for an account's turn.\n# TYPE lmarena2api_queue_waiting gauge\n"
            + "lmarena2api_queue_waiting \(snapshot.waiting)\n"
        return health + rotations + refreshes + slots + penalties + waiting
    }
}
