import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Child processes of `lmarena2api` (`mock`, `serve`), started and awaited the same way by the
/// benchmark and by the tests of what only a real process shows.
public enum ChildProcess {
    /// A loopback port that was free a moment ago.
    public static func freePort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).wait()
        let port = channel.localAddress?.port ?? 0
        try channel.close().wait()
        return port
    }

    /// Starts `executable ARGUMENTS` with `environment` added to this process's, its output into
    /// `log` (or discarded without one).
    public static func start(_ executable: URL, _ arguments: [String], environment: [String: String], log: URL?) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let log {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// Waits until `url` answers 200, for at most `seconds`.
    public static func waitUntilReady(_ url: String, seconds: Double = 20) async throws {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        while ContinuousClock.now < deadline {
            if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(1)), response.status == .ok {
                _ = try? await response.body.collect(upTo: 1 << 16)
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ChildProcessError.notReady(url)
    }
}

/// A child process that did not come up.
public enum ChildProcessError: Error, CustomStringConvertible {
    /// Nothing answered at this URL in time.
    case notReady(String)

    /// What did not answer.
    public var description: String {
        switch self {
        case .notReady(let url): return "\(url) did not answer in time"
        }
    }
}
