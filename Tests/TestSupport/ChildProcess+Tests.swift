import ChildProcesses
import Foundation

extension ChildProcess {
    /// The built `lmarena2api` beside the test bundle (`swift build --build-tests` builds both).
    public static var executable: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        while !directory.path.hasSuffix("debug") && !directory.path.hasSuffix("release") && directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("lmarena2api")
    }

    /// Pacing off: tests of anything but pacing send as fast as they like (MockArena penalizes
    /// nobody unless started with `--pace`). A test about pacing sets its own values.
    public static let unpaced = ["SESSION_CONCURRENCY": "0", "SESSION_MIN_INTERVAL": "0", "SESSION_WINDOW": "0"]

    /// Starts the test build's `lmarena2api ARGUMENTS` with `environment` added (pacing off unless
    /// it says otherwise), its output into `log`.
    public static func start(_ arguments: [String], environment: [String: String], log: URL) throws -> Process {
        try start(executable, arguments, environment: unpaced.merging(environment) { $1 }, log: log)
    }
}
