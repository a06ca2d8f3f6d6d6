import ArgumentParser
import Logging
import ProxyServer

/// The `lmarena2api` command: the gateway, MockArena and the demo that puts them together.
@main
struct LMArena2API: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lmarena2api",
        abstract: "An OpenAI-compatible API for LMArena's models, with a record-and-replay harness.",
        subcommands: [ServeCommand.self, MockCommand.self, DemoCommand.self, FixturesCommand.self, BenchCommand.self],
        defaultSubcommand: nil)
}

/// Sets up logging once: standard error, `info` or `debug`.
enum LogSetup {
    static func bootstrap(debug: Bool) {
        LoggingSystem.bootstrap { label in
            // Values from clients (model names, paths) reach log lines: no control character may pass.
            var handler = EscapingLogHandler(StreamLogHandler.standardError(label: label))
            handler.logLevel = debug ? .debug : .info
            return handler
        }
    }
}
