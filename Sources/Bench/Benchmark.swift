import Foundation

/// The benchmark: MockArena read directly beside the same answers through the gateway, as two
/// child processes of `executable` (`lmarena2api`). `lmarena2api bench` is its command line.
public struct Benchmark: Sendable {
    /// The `lmarena2api` executable to start as `mock` and `serve`.
    public var executable: URL
    /// The directory of benchmark fixtures (`benchmarks/fixtures`, written by scripts/synthesize_fixtures.py).
    public var fixtures: URL
    /// Tiny counts and one repetition.
    public var quick = false
    /// Seconds of soak; 0 skips it.
    public var soak = 0
    /// Run only the soak.
    public var skipScenarios = false
    /// Markdown file whose marked section receives the results.
    public var output: String?
    /// SVG chart to write.
    public var chart: String?
    /// The command line, as the report quotes it.
    public var command: String

    /// A benchmark of `executable` over `fixtures`.
    public init(executable: URL, fixtures: URL, command: String) {
        self.executable = executable
        self.fixtures = fixtures
        self.command = command
    }

    /// Runs the scenarios (and the soak), prints the table and writes the report files.
    public func run() async throws {
        guard FileManager.default.fileExists(atPath: fixtures.appendingPathComponent("long.har").path) else {
            throw BenchError("no benchmark fixtures at \(fixtures.path): run from the repository root, or pass --fixtures DIR")
        }
        #if DEBUG
            print("note: a debug build; build with -c release for figures that mean something")
        #endif
        let log: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("bench: \($0)\n".utf8)) }
        let scenarios = BenchScenarios(plan: quick ? .quick : .full, executable: executable, fixtures: fixtures, quick: quick, log: log)
        var rows: [BenchRow] = []
        if !skipScenarios {
            rows += try await scenarios.latency()
            rows += try await scenarios.throughput()
            rows += try await scenarios.concurrency()
        }
        let soakLines = soak > 0 ? try await BenchSoak(executable: executable, fixtures: fixtures, seconds: soak, log: log).run() : []
        let report = BenchReport(rows: rows, command: command, machine: BenchReport.describeMachine(), soak: soakLines)
        print(report.table)
        for line in soakLines { print(line) }
        if let output, !skipScenarios {
            let existing = (try? String(contentsOfFile: output, encoding: .utf8)) ?? "# Benchmarks\n"
            try report.merged(into: existing).write(toFile: output, atomically: true, encoding: .utf8)
        }
        if let chart, !skipScenarios {
            try report.svg.write(toFile: chart, atomically: true, encoding: .utf8)
        }
        if rows.contains(where: { $0.metric == "failed streams" && ($0.proxied?.max ?? 0) > 0 }) {
            throw BenchError("some streams failed")
        }
    }
}
