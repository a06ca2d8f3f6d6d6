import ArenaWire

/// Whether lmarena is behind a Cloudflare challenge or block right now, so the log says so once
/// per incident instead of once per request.
///
/// An incident starts with the first challenge or block and ends with the next answer that
/// started normally.
struct CloudflareIncident: Sendable, Equatable {
    /// The current incident's kind, or `nil` when there is none.
    private(set) var current: CloudflareVerdict?
    /// Requests that met the current incident.
    private(set) var hits = 0

    /// No incident.
    init() {}

    /// Records a challenge or block; returns `true` when it starts (or changes) an incident.
    mutating func record(_ verdict: CloudflareVerdict) -> Bool {
        guard verdict != .other else { return false }
        hits += 1
        guard current != verdict else { return false }
        current = verdict
        hits = 1
        return true
    }

    /// Records an answer that started normally; returns how many requests the incident that
    /// just ended affected, or `nil` when there was none.
    mutating func clear() -> Int? {
        guard current != nil else { return nil }
        defer {
            current = nil
            hits = 0
        }
        return hits
    }
}
