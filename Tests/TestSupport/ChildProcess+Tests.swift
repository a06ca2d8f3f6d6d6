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

    /// Starts the test build's `lmarena2api ARGUMENTS` with `environment` added, its output into `log`.
    public static func start(_ arguments: [String], environment: [String: String], log: URL) throws -> Process {
        try start(executable, arguments, environment: environment, log: log)
    }
}
