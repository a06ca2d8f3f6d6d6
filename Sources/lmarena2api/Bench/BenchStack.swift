import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// MockArena and the gateway as two child processes of this executable, for one scenario.
struct BenchStack {
    let mockPort: Int
    let proxyPort: Int
    let mock: Process
    let proxy: Process

    /// The probe on the gateway process.
    var proxyProbe: ProcessProbe { ProcessProbe(pid: proxy.processIdentifier) }

    /// Starts `mock` at `speed` over `fixtures` and `serve` in front of it; waits until both answer.
    static func start(fixtures: URL, speed: Double) async throws -> BenchStack {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let mockPort = try freePort()
        let proxyPort = try freePort()
        let mock = try launch(executable, ["mock", "--fixtures", fixtures.path, "--port", "\(mockPort)", "--speed", "\(speed)"], environment: [:])
        let proxy = try launch(executable, ["serve"], environment: [
            "PORT": "\(proxyPort)", "HOST": "127.0.0.1", "LMARENA_BASE_URL": "http://127.0.0.1:\(mockPort)", "LA_COOKIE": "bench-session",
            "RECAPTCHA_TOKEN": "bench-token", "REQUEST_RATE_LIMIT": "0", "IDLE_TIMEOUT": "60", "API_SECRET": "",
        ])
        let stack = BenchStack(mockPort: mockPort, proxyPort: proxyPort, mock: mock, proxy: proxy)
        try await waitUntilReady("http://127.0.0.1:\(mockPort)/_mockarena/health")
        try await waitUntilReady("http://127.0.0.1:\(proxyPort)/healthz")
        return stack
    }

    /// Stops both processes.
    func stop() {
        for process in [proxy, mock] where process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    private static func launch(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private static func freePort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).wait()
        defer { try? channel.close().wait() }
        return channel.localAddress?.port ?? 0
    }

    private static func waitUntilReady(_ url: String) async throws {
        for _ in 0..<200 {
            if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(1)), response.status == .ok {
                _ = try? await response.body.collect(upTo: 1 << 16)
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError("\(url) did not answer within 10 s")
    }
}

/// A benchmark that cannot go on, with why.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
