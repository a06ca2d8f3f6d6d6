extension HAREntry {
    /// The longest offset a replay waits for: a day, far past any real answer.
    public static let maxOffsetMs = 86_400_000.0

    /// What would stop MockArena from replaying this entry, as `(field, message)` with fields
    /// below the entry (`response.status`): a status outside 100...599, a head time or chunk
    /// offset that is not a number of milliseconds from 0 to a day.
    public var replayProblems: [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if !(100...599).contains(response.status) {
            problems.append(("response.status", "is \(response.status), not an HTTP status from 100 to 599"))
        }
        if !Self.isOffset(timings.wait) {
            problems.append(("timings.wait", "is \(timings.wait), not a number of milliseconds from 0 to \(Int(Self.maxOffsetMs))"))
        }
        for (index, chunk) in (response.chunks ?? []).enumerated() where !Self.isOffset(chunk.offsetMs) {
            problems.append(
                ("response._chunks[\(index)].offsetMs", "is \(chunk.offsetMs), not a number of milliseconds from 0 to \(Int(Self.maxOffsetMs))"))
        }
        return problems
    }

    private static func isOffset(_ value: Double) -> Bool {
        value.isFinite && value >= 0 && value <= maxOffsetMs
    }
}
