import ArenaWire
import ArgumentParser
import Foundation
import Recorder

/// `lmarena2api fixtures`: the fixture toolbox.
struct FixturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fixtures",
        abstract: "Check, import and inspect fixtures.",
        subcommands: [Check.self, ImportHAR.self, Inspect.self])

    /// `fixtures check DIR`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate every fixture and fail on anything that looks like a live credential.")

        @Argument(help: "Directory of .har fixtures, searched recursively.") var directory: String

        func run() throws {
            let problems = try StartupStep.run { try FixtureChecker.check(directory: URL(fileURLWithPath: directory)) }
            let count = (try? FixtureFile.list(in: URL(fileURLWithPath: directory)).count) ?? 0
            for problem in problems { print(problem) }
            if problems.isEmpty {
                print("\(count) fixtures checked: no problems")
            } else {
                print("\(count) fixtures checked: \(problems.count) problems")
                throw ExitCode(1)
            }
        }
    }

    /// `fixtures import-har FILE --into DIR`.
    struct ImportHAR: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-har",
            abstract: "Turn a browser's HAR export of an arena.ai session into redacted fixtures.")

        @Argument(help: "The browser's .har export.") var file: String
        @Option(help: "Directory to write fixtures into.") var into: String

        func run() throws {
            let registry = try? ModelRegistry.bundled()
            let names = Dictionary((registry?.models ?? []).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let report = try StartupStep.run {
                try HARImporter.importFile(URL(fileURLWithPath: file), into: FixtureWriter(directory: URL(fileURLWithPath: into), modelNames: names))
            }
            for kept in report.kept { print("kept    \(kept.url) -> \(kept.file.lastPathComponent)") }
            var reasons: [String: Int] = [:]
            for dropped in report.dropped { reasons[dropped.reason, default: 0] += 1 }
            for (reason, count) in reasons.sorted(by: { $0.key < $1.key }) { print("dropped \(count): \(reason)") }
            print("\(report.kept.count) kept, \(report.dropped.count) dropped; credentials redacted")
        }
    }

    /// `fixtures inspect FILE`.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Describe a fixture: requests, timing and the decoded answers.")

        @Argument(help: "A .har fixture.") var file: String

        func run() throws {
            let url = URL(fileURLWithPath: file)
            let har = try StartupStep.run { try FixtureFile.read(url) }
            print(FixtureInspector.describe(har, name: url.lastPathComponent))
        }
    }
}
