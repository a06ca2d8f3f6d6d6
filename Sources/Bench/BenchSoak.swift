import AsyncHTTPClient
import Foundation
import NIOCore

/// 64 streams without pause for a while, sampling the gateway's memory.
struct BenchSoak {
    let executable: URL
    let fixtures: URL
    let seconds: Int
    let log: (String) -> Void

    func run() async throws -> [String] {
        let stack = try await BenchStack.start(executable: executable, fixtures: fixtures, speed: 0)
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
        var streams = 0
        var failures = 0
        // Heap in use between waves, when no stream is in flight: what a leak would leave behind.
        var quiescent: [(seconds: Int, heap: Double)] = []
        let start = ContinuousClock.now
        while ContinuousClock.now < deadline {
            let results = await generator.run(BenchAnswers.long, path: .proxied, total: 64, concurrency: 64)
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
            String(
                format: "%@ after warm-up (60 s on): min %.2f MiB, max %.2f MiB, least-squares slope %+.3f MiB per 10 min",
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
        let meanT = Double(times.reduce(0, +)) / Double(times.count)
        let meanV = values.reduce(0, +) / Double(values.count)
        let covariance = zip(times, values).map { (Double($0) - meanT) * ($1 - meanV) }.reduce(0, +)
        let variance = times.map { (Double($0) - meanT) * (Double($0) - meanT) }.reduce(0, +)
        return variance == 0 ? 0 : covariance / variance
    }
}
