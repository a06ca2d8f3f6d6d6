import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// The `lmarena2api` executable run as a child process, for tests of what only a real process shows.
public enum ChildProcess {
    /// The built `lmarena2api` beside the test bundle (`swift build --build-tests` builds both).
    public static var executable: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        while !directory.path.hasSuffix("debug") && !directory.path.hasSuffix("release") && directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("lmarena2api")
    }

    /// A loopback port that was free a moment ago.
    public static func freePort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).wait()
        let port = channel.localAddress?.port ?? 0
        try channel.close().wait()
        return port
    }

    /// Starts `lmarena2api ARGUMENTS` with `environment` added, its output into `log`.
    public static func start(_ arguments: [String], environment: [String: String], log: URL) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
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
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ChildProcessError.notReady(url)
    }
}

/// A child process that did not come up.
public enum ChildProcessError: Error {
    /// Nothing answered at this URL in time.
    case notReady(String)
}
