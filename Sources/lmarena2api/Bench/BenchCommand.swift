import ArgumentParser
import AsyncHTTPClient
import Foundation

/// `lmarena2api bench`: the proxy beside the raw upstream, in one run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the gateway against MockArena read directly: latency, throughput, concurrency (build with -c release).")

    @Flag(help: "Tiny counts and one repetition: keeps the benchmark working in CI; the figures mean nothing.") var quick = false
    @Option(help: "Seconds of soak (64 streams without pause, RSS sampled every 10 s); 0 skips it.") var soak: Int = 0
    @Flag(help: "Run only the soak (with --soak), not the three scenarios.") var skipScenarios = false
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
        if !skipScenarios {
            rows += try await scenarios.latency()
            rows += try await scenarios.throughput()
            rows += try await scenarios.concurrency()
        }
        let soakLines = soak > 0 ? try await BenchSoak(fixtures: fixtures, seconds: soak, log: log).run() : []
        let command = (["lmarena2api"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        let report = BenchReport(rows: rows, command: command, machine: BenchReport.describeMachine(), soak: soakLines)
        print(report.table)
        soakLines.forEach { print($0) }
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
        let metricsURL = "http://127.0.0.1:\(stack.proxyPort)/metrics"
        let sampler = Task {
            var samples: [(seconds: Int, rss: Double, heap: Double)] = []
            var elapsed = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(10))
                elapsed += 10
                let heap = await BenchSoak.heapInUse(metricsURL) / (1024 * 1024)
                samples.append((elapsed, stack.proxyProbe.statusKiB("VmRSS") / 1024, heap))
            }
            return samples
        }
        var streams = 0, failures = 0
        // Heap in use between waves, when no stream is in flight: what a leak would leave behind.
        var quiescent: [(seconds: Int, heap: Double)] = []
        let start = ContinuousClock.now
        while ContinuousClock.now < deadline {
            let results = await generator.run(BenchFixtures.long, path: .proxied, total: 64, concurrency: 64)
            streams += results.count
            failures += results.filter { !$0.ok }.count
            let seconds = Int(start.duration(to: .now).components.seconds)
            if seconds / 10 > (quiescent.last?.seconds ?? -10) / 10 {
                quiescent.append((seconds, await BenchSoak.heapInUse(metricsURL) / (1024 * 1024)))
            }
        }
        sampler.cancel()
        let samples = await sampler.value
        try await generator.client.shutdown()
        log("soak done: \(streams) streams")
        let series = samples.map { String(format: "%d s: %.1f / %.2f", $0.seconds, $0.rss, $0.heap) }.joined(separator: ", ")
        let warm = samples.filter { $0.seconds >= 60 }
        let settled = quiescent.filter { $0.seconds >= 60 && $0.heap > 0 }
        func describe(_ values: [Double], _ times: [Int], _ name: String) -> String {
            String(format: "%@ after warm-up (60 s on): min %.2f MiB, max %.2f MiB, least-squares slope %+.3f MiB per 10 min",
                   name, values.min() ?? .nan, values.max() ?? .nan, BenchSoak.slope(times, values) * 600)
        }
        return [
            "\(seconds) s, \(streams) streams of 1,000 chunks, \(failures) failed",
            describe(warm.map(\.rss), warm.map(\.seconds), "RSS"),
            describe(warm.map(\.heap), warm.map(\.seconds), "heap in use under load"),
            describe(settled.map(\.heap), settled.map(\.seconds), "heap in use between waves (no stream in flight)"),
            "between waves (MiB): " + quiescent.map { String(format: "%d s: %.2f", $0.seconds, $0.heap) }.joined(separator: ", "),
            "samples (RSS / heap in use, MiB): \(series)",
        ]
    }

    /// `lmarena2api_heap_in_use_bytes` from the gateway's `/metrics`, 0 when absent.
    static func heapInUse(_ url: String) async -> Double {
        guard let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5)),
            let body = try? await response.body.collect(upTo: 1 << 20)
        else { return 0 }
        let line = String(buffer: body).split(separator: "\n").first { $0.hasPrefix("lmarena2api_heap_in_use_bytes ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
    }

    /// The least-squares slope of `values` over `times`, per second.
    static func slope(_ times: [Int], _ values: [Double]) -> Double {
        guard times.count > 1 else { return 0 }
        let meanT = Double(times.reduce(0, +)) / Double(times.count), meanV = values.reduce(0, +) / Double(values.count)
        let covariance = zip(times, values).map { (Double($0) - meanT) * ($1 - meanV) }.reduce(0, +)
        let variance = times.map { (Double($0) - meanT) * (Double($0) - meanT) }.reduce(0, +)
        return variance == 0 ? 0 : covariance / variance
    }
}
