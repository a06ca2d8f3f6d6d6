import ArgumentParser
import Bench
import Foundation

/// `lmarena2api bench`: the proxy beside the raw upstream, in one run (the `Bench` library).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the gateway against MockArena read directly: latency, throughput, concurrency (build with -c release).")

    @Flag(help: "Tiny counts and one repetition: keeps the benchmark working in CI; the figures mean nothing.") var quick = false
    @Option(help: "Seconds of soak (64 streams without pause, RSS sampled every 10 s); 0 skips it.") var soak: Int = 0
    @Flag(help: "Run only the soak (with --soak), not the three scenarios.") var skipScenarios = false
    @Option(help: "Markdown file whose <!-- bench:start/end --> section receives the results.") var output: String?
    @Option(help: "SVG chart to write.") var chart: String?
    @Option(help: "Directory of the benchmark fixtures.") var fixtures: String = "benchmarks/fixtures"

    func run() async throws {
        var benchmark = Benchmark(
            executable: URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath(),
            fixtures: URL(fileURLWithPath: fixtures),
            command: (["lmarena2api"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
        benchmark.quick = quick
        benchmark.soak = soak
        benchmark.skipScenarios = skipScenarios
        benchmark.output = output
        benchmark.chart = chart
        try await benchmark.run()
    }
}
