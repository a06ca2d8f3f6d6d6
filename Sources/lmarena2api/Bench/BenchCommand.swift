import ArgumentParser
import Foundation

/// `lmarena2api bench`: the proxy beside the raw upstream, in one run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the gateway against MockArena read directly: latency, throughput, concurrency (build with -c release).")

    @Flag(help: "Tiny counts and one repetition: keeps the benchmark working in CI; the figures mean nothing.") var quick = false
    @Option(help: "Seconds of soak (64 streams without pause, RSS sampled every 10 s); 0 skips it.") var soak: Int = 0
    @Option(help: "Markdown file whose <!-- bench:start/end --> section receives the results.") var output: String?
    @Option(help: "SVG chart to write.") var chart: String?

    func run() async throws {
        let fixtures = FileManager.default.temporaryDirectory.appendingPathComponent("lmarena2api-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: fixtures) }
        try BenchFixtures.write(into: fixtures, quick: quick)
        #if DEBUG
        print("note: a debug build; build with -c release for figures that mean something")
        #endif
        let log: (String) -> Void = { FileHandle.standardError.write(Data("bench: \($0)\n".utf8)) }
        let scenarios = BenchScenarios(plan: quick ? .quick : .full, fixtures: fixtures, quick: quick, log: log)
        var rows: [BenchRow] = []
        rows += try await scenarios.latency()
        rows += try await scenarios.throughput()
        rows += try await scenarios.concurrency()
        let soakLines = soak > 0 ? try await BenchSoak(fixtures: fixtures, seconds: soak, log: log).run() : []
        let command = (["lmarena2api"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        let report = BenchReport(rows: rows, command: command, machine: BenchReport.describeMachine(), soak: soakLines)
        print(report.table)
        soakLines.forEach { print($0) }
        if let output {
            let existing = (try? String(contentsOfFile: output, encoding: .utf8)) ?? "# Benchmarks\n"
            try report.merged(into: existing).write(toFile: output, atomically: true, encoding: .utf8)
        }
        if let chart {
            try report.svg.write(toFile: chart, atomically: true, encoding: .utf8)
        }
        if rows.contains(where: { $0.metric == "failed streams" && ($0.proxied?.max ?? 0) > 0 }) {
            throw BenchError("some streams failed")
        }
    }
}

/// 64 streams without pause for a while, sampling the gateway's memory.
struct BenchSoak {
    let fixtures: URL
    let seconds: Int
    let log: (String) -> Void

    func run() async throws -> [String] {
        let stack = try await BenchStack.start(fixtures: fixtures, speed: 0)
        defer { stack.stop() }
        let generator = LoadGenerator(client: LoadGenerator.makeClient(), stack: stack)
        let deadline = ContinuousClock.now.advanced(by: .seconds(seconds))
        let sampler = Task {
            var samples: [(Int, Double)] = []
            var elapsed = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(10))
                elapsed += 10
                samples.append((elapsed, stack.proxyProbe.statusKiB("VmRSS") / 1024))
            }
            return samples
        }
        var streams = 0, failures = 0
        while ContinuousClock.now < deadline {
            let results = await generator.run(BenchFixtures.long, path: .proxied, total: 64, concurrency: 64)
            streams += results.count
            failures += results.filter { !$0.ok }.count
        }
        sampler.cancel()
        let samples = await sampler.value
        try await generator.client.shutdown()
        log("soak done: \(streams) streams")
        let series = samples.map { "\($0.0) s: \(String(format: "%.1f", $0.1)) MiB" }.joined(separator: ", ")
        let afterWarmUp = samples.filter { $0.0 >= 60 }.map(\.1)
        return [
            "\(seconds) s, \(streams) streams of 1,000 chunks, \(failures) failed",
            "RSS after warm-up (60 s on): min \(String(format: "%.1f", afterWarmUp.min() ?? .nan)) MiB, max \(String(format: "%.1f", afterWarmUp.max() ?? .nan)) MiB",
            "samples: \(series)",
        ]
    }
}
