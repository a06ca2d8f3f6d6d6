import ArenaWire
import ArgumentParser
import Foundation
import GatewayCore
import Logging
import MockArena
import ProxyServer
import Recorder
import Settings

/// `lmarena2api serve`: the production gateway, configured by environment variables or flags.
struct ServeCommand: AsyncParsableCommand {
    static let rows = SettingFlags.rows(GatewaySettings.all) + SettingFlags.rows(RecordingSettings.all)

    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the OpenAI-compatible gateway in front of lmarena.",
        discussion: SettingFlags.help(rows))

    @Argument(parsing: .allUnrecognized, help: .hidden) var settings: [String] = []

    func run() async throws {
        let reader = try StartupStep.run {
            SettingReader(flags: try SettingFlags.parse(settings, known: Self.rows), environment: ProcessInfo.processInfo.environment)
        }
        let configuration = try StartupStep.run { try ProxyConfiguration(reading: reader) }
        let recording = try StartupStep.run { try reader.read(RecordingSettings.all, into: RecordingConfiguration()) }
        LogSetup.bootstrap(debug: configuration.debug)
        let logger = Logger(label: "lmarena2api")
        let server = try StartupStep.run { try GatewayServer(configuration: configuration, logger: logger) }
        server.logStartupWarnings()
        logger.info(
            "lmarena2api serving",
            metadata: [
                "address": "\(configuration.host):\(configuration.port)", "routes": "\(configuration.routePrefix)/v1",
                "dialect": "\(configuration.dialect.rawValue)", "upstream": "\(configuration.baseURL ?? configuration.dialect.defaultBaseURL)",
                "sessions": "\(configuration.sessions.count)", "models": "\(server.registry.models.count)",
                "proxy": "\(configuration.outboundProxy?.redactedDescription ?? "none")",
            ])
        guard let directory = recording.directory else {
            try await server.run()
            return
        }
        let mode = recording.mode(ci: StartupStep.isCI)
        logger.info("recording", metadata: ["directory": "\(directory)", "mode": "\(mode.rawValue)"])
        try await server.run { live in
            try StartupStep.run {
                try RecordingTransportFactory.make(
                    mode: mode, directory: URL(fileURLWithPath: directory), live: live, registry: server.registry,
                    redactor: server.redactor, dialect: configuration.dialect, logger: logger,
                    isShuttingDown: { server.shutdown.isShuttingDown })
            }
        }
    }
}

/// A start-up step of `serve` or `demo`: a failure prints `lmarena2api: reason` and exits 2.
enum StartupStep {
    /// Whether the `CI` environment variable is set (and not false).
    static var isCI: Bool {
        guard let ci = ProcessInfo.processInfo.environment["CI"], !ci.isEmpty else { return false }
        return ci.lowercased() != "false" && ci != "0"
    }

    /// Runs `step`; a failure prints one line on standard error and exits 2.
    static func run<T>(_ step: () throws -> T) throws -> T {
        do {
            return try step()
        } catch {
            FileHandle.standardError.write(Data("lmarena2api: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
