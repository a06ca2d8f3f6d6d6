import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MockArena

/// `lmarena2api mock`: MockArena, replaying fixtures over HTTP.
struct MockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock",
        abstract: "Serve recorded lmarena exchanges from fixtures, with their chunking and timing.")

    @Option(help: "Directory of .har fixtures, searched recursively.") var fixtures: String = "fixtures"
    @Option(help: "Port to listen on (0 picks a free one).") var port: Int = 10089
    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: "Replay speed: offsets are divided by it; 0 sends everything at once, as separate writes.") var speed: Double = 1
    @Option(help: "Require v2 stream requests to carry a reCAPTCHA token with this prefix, each usable once (403 otherwise), as lmarena does.")
    var requireRecaptcha: String?
    @Option(
        help:
            "Play the site's penalty: 'interval=S,window=N/S,rest=S' (any part); an account (its auth cookie) that sends closer than the interval, more than one at a time, or more than the window allows gets 403 recaptcha validation failed for 'rest' seconds."
    )
    var pace: String?
    @Option(help: "Seconds the site's clock is ahead of this host's: sent in every Date header; ids more than 60 s off get the spoofed-id 400.")
    var clockOffset: Double = 0
    @Flag(help: "Debug logs: every match decision.") var debug = false

    func validate() throws {
        guard speed >= 0, speed.isFinite else { throw ValidationError("--speed must be 0 or a positive number") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        if let pace, SiteJudge.Pace.parse(pace) == nil {
            throw ValidationError("--pace must be 'interval=S,window=N/S,rest=S' (any of the three), got '\(pace)'")
        }
        guard clockOffset.isFinite, abs(clockOffset) < 1e9 else { throw ValidationError("--clock-offset must be a number of seconds") }
    }

    func run() async throws {
        LogSetup.bootstrap(debug: debug)
        let logger = Logger(label: "mockarena")
        let replayer = try StartupStep.run {
            try FixtureReplayer(directory: URL(fileURLWithPath: fixtures), logger: logger, recaptchaPrefix: requireRecaptcha)
        }
        let site = SiteGate(pace: pace.flatMap(SiteJudge.Pace.parse), clockOffset: .milliseconds(Int64(clockOffset * 1000)))
        let app = MockArenaServer.application(replayer: replayer, speed: speed, site: site, host: host, port: port, logger: logger) { channel in
            let bound = channel.localAddress?.port ?? port
            logger.info("MockArena replaying \(replayer.store.entries.count) entries from \(fixtures) on http://\(host):\(bound) at speed \(speed)")
        }
        try await app.runService()
        let unserved = replayer.unservedEntries
        if !unserved.isEmpty {
            logger.notice("fixture entries never served in this run: \(unserved.joined(separator: ", "))")
        }
    }
}
