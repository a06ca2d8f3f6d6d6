import ChildProcesses
import Foundation

/// MockArena and the gateway as two child processes of this executable, for one scenario.
struct BenchStack {
    let mockPort: Int
    let proxyPort: Int
    let mock: Process
    let proxy: Process

    /// The probe on the gateway process.
    var proxyProbe: ProcessProbe { ProcessProbe(pid: proxy.processIdentifier) }

    /// Starts `mock` at `speed` over `fixtures` and `serve` in front of it; waits until both answer.
    static func start(executable: URL, fixtures: URL, speed: Double) async throws -> BenchStack {
        let mockPort = try ChildProcess.freePort()
        let proxyPort = try ChildProcess.freePort()
        let mock = try ChildProcess.start(
            executable, ["mock", "--fixtures", fixtures.path, "--port", "\(mockPort)", "--speed", "\(speed)"], environment: [:], log: nil)
        let proxy = try ChildProcess.start(
            executable, ["serve"],
            environment: [
                "PORT": "\(proxyPort)", "HOST": "127.0.0.1", "LMARENA_BASE_URL": "http://127.0.0.1:\(mockPort)", "LA_COOKIE": "bench-session",
                "RECAPTCHA_TOKEN": "bench-token", "REQUEST_RATE_LIMIT": "0", "IDLE_TIMEOUT": "60", "API_SECRET": "", "DATA_DIR": "none",
                // What the proxy adds is measured, not the pace of one account: every stream starts at once.
                "SESSION_CONCURRENCY": "0", "SESSION_MIN_INTERVAL": "0", "SESSION_WINDOW": "0",
            ], log: nil)
        let stack = BenchStack(mockPort: mockPort, proxyPort: proxyPort, mock: mock, proxy: proxy)
        try await ChildProcess.waitUntilReady("http://127.0.0.1:\(mockPort)/_mockarena/health")
        try await ChildProcess.waitUntilReady("http://127.0.0.1:\(proxyPort)/healthz")
        return stack
    }

    /// Stops both processes.
    func stop() {
        for process in [proxy, mock] where process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

/// A benchmark that cannot go on, with why.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
