import AsyncHTTPClient
import Foundation

/// min / median / max of one figure over the repetitions.
struct Figure: Sendable {
    var values: [Double] = []

    var sorted: [Double] { values.sorted() }
    var min: Double { sorted.first ?? .nan }
    var median: Double {
        let sorted = sorted
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    var max: Double { sorted.last ?? .nan }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted[Swift.min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }
}

/// One row of the result table: a figure for the direct path, the proxied path, or both.
struct BenchRow: Sendable {
    let scenario: String
    let metric: String
    var direct: Figure?
    var proxied: Figure?
}

/// The sizes of the three scenarios.
struct BenchPlan: Sendable {
    let repetitions: Int
    let latencyRequests: Int
    let throughputStreams: Int
    let throughputConcurrency: Int
    let concurrentStreams: Int

    static let full = BenchPlan(repetitions: 5, latencyRequests: 200, throughputStreams: 256, throughputConcurrency: 64, concurrentStreams: 1000)
    static let quick = BenchPlan(repetitions: 1, latencyRequests: 5, throughputStreams: 8, throughputConcurrency: 4, concurrentStreams: 20)
}

/// Runs the benchmark's scenarios (docs/BENCHMARKS.md) and collects their figures.
struct BenchScenarios {
    let plan: BenchPlan
    let executable: URL
    let fixtures: URL
    let quick: Bool
    let log: (String) -> Void

    /// 1. One stream at a time, a short answer: time to first byte.
    func latency() async throws -> [BenchRow] {
        var p50 = BenchRow(scenario: "latency", metric: "time to first byte p50 (ms)")
        var p99 = BenchRow(scenario: "latency", metric: "time to first byte p99 (ms)")
        var added = BenchRow(scenario: "latency", metric: "added by the proxy, p50 (ms)", proxied: Figure())
        for repetition in 1...plan.repetitions {
            let stack = try await BenchStack.start(executable: executable, fixtures: fixtures, speed: 0)
            defer { stack.stop() }
            let generator = LoadGenerator(client: LoadGenerator.makeClient(), stack: stack)
            var medians: [LoadGenerator.Path: Double] = [:]
            for path in [LoadGenerator.Path.direct, .proxied] {
                _ = await generator.run(BenchAnswers.short, path: path, total: 10, concurrency: 1)
                let results = await generator.run(BenchAnswers.short, path: path, total: plan.latencyRequests, concurrency: 1)
                let ttfb = results.filter(\.ok).map(\.firstByteMs)
                medians[path] = Figure.percentile(ttfb, 0.5)
                add(Figure.percentile(ttfb, 0.5), to: &p50, path: path)
                add(Figure.percentile(ttfb, 0.99), to: &p99, path: path)
            }
            added.proxied?.values.append((medians[.proxied] ?? .nan) - (medians[.direct] ?? .nan))
            try await generator.client.shutdown()
            log("latency \(repetition)/\(plan.repetitions) done")
        }
        return [p50, p99, added]
    }

    /// 2. MockArena at speed 0, a 1,000-chunk answer, many concurrent streams.
    func throughput() async throws -> [BenchRow] {
        var streams = BenchRow(scenario: "throughput", metric: "streams/s")
        var chunks = BenchRow(scenario: "throughput", metric: "chunks/s")
        var cpu = BenchRow(scenario: "throughput", metric: "proxy CPU per 1,000 chunks (ms)", proxied: Figure())
        var failed = 0
        for repetition in 1...plan.repetitions {
            let stack = try await BenchStack.start(executable: executable, fixtures: fixtures, speed: 0)
            defer { stack.stop() }
            let generator = LoadGenerator(client: LoadGenerator.makeClient(), stack: stack)
            for path in [LoadGenerator.Path.direct, .proxied] {
                _ = await generator.run(BenchAnswers.long, path: path, total: plan.throughputConcurrency, concurrency: plan.throughputConcurrency)
                let cpuBefore = stack.proxyProbe.cpuSeconds()
                let start = ContinuousClock.now
                let results = await generator.run(
                    BenchAnswers.long, path: path, total: plan.throughputStreams, concurrency: plan.throughputConcurrency)
                let seconds = start.duration(to: .now).benchMilliseconds / 1000
                let ok = results.filter(\.ok).count
                failed += results.count - ok
                add(Double(ok) / seconds, to: &streams, path: path)
                add(Double(ok * BenchAnswers.long.chunks) / seconds, to: &chunks, path: path)
                if path == .proxied {
                    let cpuSeconds = stack.proxyProbe.cpuSeconds() - cpuBefore
                    cpu.proxied?.values.append(cpuSeconds * 1000 / (Double(ok * BenchAnswers.long.chunks) / 1000))
                }
            }
            try await generator.client.shutdown()
            log("throughput \(repetition)/\(plan.repetitions) done")
        }
        var rows = [streams, chunks, cpu]
        rows.append(BenchRow(scenario: "throughput", metric: "failed streams", proxied: Figure(values: [Double(failed)])))
        return rows
    }

    /// 3. Many streams open at once on an answer with real timing (a chunk every 50 ms).
    func concurrency() async throws -> [BenchRow] {
        let answer = BenchAnswers.paced(quick: quick)
        var completed = BenchRow(scenario: "concurrency", metric: "streams completed of \(plan.concurrentStreams)")
        var peak = BenchRow(scenario: "concurrency", metric: "proxy peak RSS (MiB)", proxied: Figure())
        var perStream = BenchRow(scenario: "concurrency", metric: "proxy RSS per open stream (KiB)", proxied: Figure())
        // How much later than recorded the last chunk arrives at speed 1: MockArena's own lateness
        // read directly, MockArena's and the gateway's through it (the tests assert only that no
        // chunk comes early).
        var lateness = BenchRow(scenario: "concurrency", metric: "replay lateness of the last chunk, median (ms)")
        for repetition in 1...plan.repetitions {
            let stack = try await BenchStack.start(executable: executable, fixtures: fixtures, speed: 1)
            defer { stack.stop() }
            let generator = LoadGenerator(client: LoadGenerator.makeClient(), stack: stack)
            for path in [LoadGenerator.Path.direct, .proxied] {
                let baseline = stack.proxyProbe.statusKiB("VmRSS")
                stack.proxyProbe.resetPeak()
                let results = await generator.run(answer, path: path, total: plan.concurrentStreams, concurrency: plan.concurrentStreams)
                add(Double(results.filter(\.ok).count), to: &completed, path: path)
                add(Figure.percentile(results.filter(\.ok).map(\.totalMs), 0.5) - answer.lastOffsetMs, to: &lateness, path: path)
                if path == .proxied {
                    let high = stack.proxyProbe.statusKiB("VmHWM")
                    peak.proxied?.values.append(high / 1024)
                    perStream.proxied?.values.append(Swift.max(0, high - baseline) / Double(plan.concurrentStreams))
                }
            }
            try await generator.client.shutdown()
            log("concurrency \(repetition)/\(plan.repetitions) done")
        }
        return [completed, peak, perStream, lateness]
    }

    private func add(_ value: Double, to row: inout BenchRow, path: LoadGenerator.Path) {
        switch path {
        case .direct:
            if row.direct == nil { row.direct = Figure() }
            row.direct?.values.append(value)
        case .proxied:
            if row.proxied == nil { row.proxied = Figure() }
            row.proxied?.values.append(value)
        }
    }
}
