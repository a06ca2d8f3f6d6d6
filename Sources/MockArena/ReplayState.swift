/// Which fixture entries have been served: the sequence rule of docs/FIXTURES.md as a state machine.
///
/// Among the entries that match a request, the first not yet served is chosen; once all were
/// served, the last keeps answering. Resetting starts every sequence over.
public struct ReplayState: Sendable, Equatable {
    private var servedCounts: [Int]

    /// Creates the state for `entryCount` entries, none served.
    public init(entryCount: Int) {
        servedCounts = Array(repeating: 0, count: entryCount)
    }

    /// Chooses the entry to serve among `candidates` (entry indices in file order) and marks it served.
    /// Returns `nil` when there are no candidates.
    public mutating func serve(among candidates: [Int]) -> Int? {
        guard let last = candidates.last else { return nil }
        let chosen = candidates.first { servedCounts[$0] == 0 } ?? last
        servedCounts[chosen] += 1
        return chosen
    }

    /// How many times entry `index` was served since the last reset.
    public func servedCount(of index: Int) -> Int {
        servedCounts[index]
    }

    /// Indices of the entries never served since the last reset.
    public var unserved: [Int] {
        servedCounts.indices.filter { servedCounts[$0] == 0 }
    }

    /// Makes room for entries added after the existing ones, none of them served.
    public mutating func grow(to entryCount: Int) {
        if entryCount > servedCounts.count {
            servedCounts += Array(repeating: 0, count: entryCount - servedCounts.count)
        }
    }

    /// Starts every sequence over.
    public mutating func reset() {
        servedCounts = Array(repeating: 0, count: servedCounts.count)
    }
}
