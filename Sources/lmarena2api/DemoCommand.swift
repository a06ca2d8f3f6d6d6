import ArgumentParser
import Foundation
import GatewayCore
import Hummingbird
import Logging
import MockArena
import ProxyServer
import Settings

/// `lmarena2api demo`: MockArena with the bundled fixtures behind the gateway, in one process.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the gateway on PORT in front of MockArena replaying the bundled fixtures: no lmarena account needed.",
        discussion:
            "The gateway takes every setting of `serve` (see `serve --help`); the demo's own defaults are three demo sessions, a static reCAPTCHA token, pacing off (SESSION_CONCURRENCY, SESSION_MIN_INTERVAL and SESSION_WINDOW 0), HOST 127.0.0.1, DATA_DIR none (state in memory) and IMAGE_DOWNLOADS any (image URLs on this machine work)."
    )

    /// What the demo sets unless a flag or the environment says otherwise.
    static let defaults = [
        "LA_COOKIE": "demo-session-1,demo-session-2,demo-session-3", "RECAPTCHA_TOKEN": "demo-recaptcha-token", "HOST": "127.0.0.1",
        "DATA_DIR": "none", "IMAGE_DOWNLOADS": "any",
        // MockArena penalizes nobody here: the demo answers at once (the banner says so).
        "SESSION_CONCURRENCY": "0", "SESSION_MIN_INTERVAL": "0", "SESSION_WINDOW": "0",
    ]

    @Option(help: "Directory of .har fixtures (the repository's fixtures/ by default).") var fixtures: String = "fixtures"
    @Option(help: "Replay speed: 1 is the recorded timing, 0 as fast as possible.") var speed: Double = 1
    @Argument(parsing: .allUnrecognized, help: .hidden) var settings: [String] = []

    func run() async throws {
        var configuration = try StartupStep.run {
            let flags = try SettingFlags.parse(settings, known: SettingFlags.rows(GatewaySettings.all))
            return try ProxyConfiguration(
                reading: SettingReader(flags: flags, environment: ProcessInfo.processInfo.environment, defaults: Self.defaults))
        }
        LogSetup.bootstrap(debug: configuration.debug)
        let logger = Logger(label: "lmarena2api")
        let directory = URL(fileURLWithPath: fixtures)
        let replayer = try StartupStep.run { () throws -> FixtureReplayer in
            guard FileManager.default.fileExists(atPath: directory.path) else {
                throw ValidationError("no fixtures at \(directory.path): run the demo from the repository root, or pass --fixtures DIR")
            }
            return try FixtureReplayer(directory: directory, logger: Logger(label: "mockarena"))
        }
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let mock = MockArenaServer.application(
            replayer: replayer, speed: speed, host: "127.0.0.1", port: 0, logger: Logger(label: "mockarena")
        ) { channel in
            portSink.yield(channel.localAddress?.port ?? 0)
            portSink.finish()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await mock.runService() }
            var iterator = ports.makeAsyncIterator()
            guard let mockPort = await iterator.next(), mockPort > 0 else { throw ExitCode(1) }
            configuration.baseURL = "http://127.0.0.1:\(mockPort)"
            let server = try GatewayServer(configuration: configuration, logger: logger)
            let served = configuration
            group.addTask {
                try await server.run(onServerRunning: { _ in
                    // The banner names the models the gateway serves: the catalogue it reads from MockArena.
                    await server.catalogue.waitForFirstRead(timeout: .seconds(5))
                    let banner = DemoBanner(configuration: served, mockPort: mockPort, replayer: replayer, registry: server.catalogue.current)
                    FileHandle.standardOutput.write(Data((banner.text + "\n").utf8))
                })
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
