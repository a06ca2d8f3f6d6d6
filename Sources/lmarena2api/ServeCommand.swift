import ArgumentParser
import Foundation
import Logging
import MockArena
import Proxy

/// `lmarena2api serve`: the production gateway, configured by environment variables or flags.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the OpenAI-compatible gateway in front of lmarena.",
        discussion: "Every option can also be set with the environment variable named in its help; the option wins.")

    @Option(name: .customLong("port"), help: SettingHelp.text(.port)) var port: String?
    @Option(name: .customLong("host"), help: SettingHelp.text(.host)) var host: String?
    @Option(name: .customLong("debug"), help: SettingHelp.text(.debug)) var debug: String?
    @Option(name: .customLong("api-secret"), help: SettingHelp.text(.apiSecret)) var apiSecret: String?
    @Option(name: .customLong("la-cookie"), help: SettingHelp.text(.laCookie)) var laCookie: String?
    @Option(name: .customLong("cf-clearance"), help: SettingHelp.text(.cfClearance)) var cfClearance: String?
    @Option(name: .customLong("proxy-url"), help: SettingHelp.text(.proxyURL)) var proxyURL: String?
    @Option(name: .customLong("max-retries"), help: SettingHelp.text(.maxRetries)) var maxRetries: String?
    @Option(name: .customLong("rate-limit-cookie-lock-duration"), help: SettingHelp.text(.cookieLockDuration)) var cookieLockDuration: String?
    @Option(name: .customLong("request-rate-limit"), help: SettingHelp.text(.requestRateLimit)) var requestRateLimit: String?
    @Option(name: .customLong("route-prefix"), help: SettingHelp.text(.routePrefix)) var routePrefix: String?
    @Option(name: .customLong("trusted-proxies"), help: SettingHelp.text(.trustedProxies)) var trustedProxies: String?
    @Option(name: .customLong("lmarena-base-url"), help: SettingHelp.text(.baseURL)) var baseURL: String?
    @Option(name: .customLong("lmarena-dialect"), help: SettingHelp.text(.dialect)) var dialect: String?
    @Option(name: .customLong("recaptcha-token"), help: SettingHelp.text(.recaptchaToken)) var recaptchaToken: String?
    @Option(name: .customLong("admin-secret"), help: SettingHelp.text(.adminSecret)) var adminSecret: String?
    @Option(name: .customLong("recaptcha-wait"), help: SettingHelp.text(.recaptchaWait)) var recaptchaWait: String?
    @Option(name: .customLong("user-agent"), help: SettingHelp.text(.userAgent)) var userAgent: String?
    @Option(name: .customLong("models-file"), help: SettingHelp.text(.modelsFile)) var modelsFile: String?
    @Option(name: .customLong("max-request-bytes"), help: SettingHelp.text(.maxRequestBytes)) var maxRequestBytes: String?
    @Option(name: .customLong("connect-timeout"), help: SettingHelp.text(.connectTimeout)) var connectTimeout: String?
    @Option(name: .customLong("first-byte-timeout"), help: SettingHelp.text(.firstByteTimeout)) var firstByteTimeout: String?
    @Option(name: .customLong("idle-timeout"), help: SettingHelp.text(.idleTimeout)) var idleTimeout: String?
    @Option(name: .customLong("shutdown-grace"), help: SettingHelp.text(.shutdownGrace)) var shutdownGrace: String?
    @Option(name: .customLong("record"), help: SettingHelp.text(.recordDirectory)) var recordDirectory: String?
    @Option(name: .customLong("record-mode"), help: SettingHelp.text(.recordMode)) var recordMode: String?

    /// The flags given, by setting.
    var flags: [ProxySetting: String?] {
        [
            .port: port, .host: host, .debug: debug, .apiSecret: apiSecret, .laCookie: laCookie, .cfClearance: cfClearance,
            .proxyURL: proxyURL, .maxRetries: maxRetries, .cookieLockDuration: cookieLockDuration, .requestRateLimit: requestRateLimit, .routePrefix: routePrefix, .trustedProxies: trustedProxies, .baseURL: baseURL,
            .dialect: dialect, .recaptchaToken: recaptchaToken, .adminSecret: adminSecret, .recaptchaWait: recaptchaWait, .userAgent: userAgent, .modelsFile: modelsFile,
            .maxRequestBytes: maxRequestBytes, .connectTimeout: connectTimeout, .firstByteTimeout: firstByteTimeout,
            .idleTimeout: idleTimeout, .shutdownGrace: shutdownGrace, .recordDirectory: recordDirectory, .recordMode: recordMode,
        ]
    }

    func run() async throws {
        let configuration = try SettingHelp.resolve(flags: flags)
        LogSetup.bootstrap(debug: configuration.debug)
        let logger = Logger(label: "lmarena2api")
        let server = try SettingHelp.startupStep { try GatewayServer(configuration: configuration, logger: logger) }
        server.logStartupWarnings()
        logger.info("lmarena2api serving", metadata: [
            "address": "\(configuration.host):\(configuration.port)", "routes": "\(configuration.routePrefix)/v1",
            "dialect": "\(configuration.dialect.rawValue)", "upstream": "\(configuration.baseURL ?? configuration.dialect.defaultBaseURL)",
            "sessions": "\(configuration.sessions.count)", "models": "\(server.registry.models.count)",
            "proxy": "\(configuration.outboundProxy?.redactedDescription ?? "none")",
        ])
        guard let directory = configuration.recordDirectory else {
            try await server.run()
            return
        }
        logger.info("recording", metadata: ["directory": "\(directory)", "mode": "\(configuration.recordMode.rawValue)"])
        try await server.run { live in
            try SettingHelp.startupStep {
                try RecordModeTransport.make(
                    mode: configuration.recordMode, directory: URL(fileURLWithPath: directory), live: live, registry: server.registry,
                    redactor: Redactor(secrets: configuration.secrets), dialect: configuration.dialect, logger: logger)
            }
        }
    }
}

/// Help texts and resolution of the settings shared by `serve` and `demo`.
enum SettingHelp {
    static func text(_ setting: ProxySetting) -> ArgumentHelp {
        ArgumentHelp("\(setting.help) (env \(setting.variable); default \(setting.defaultDescription))", valueName: "value")
    }

    /// The configuration from the environment overridden by `flags`; a bad value prints one line and exits 2.
    static func resolve(flags: [ProxySetting: String?], defaults: [ProxySetting: String] = [:]) throws -> ProxyConfiguration {
        var values: [String: String] = [:]
        let environment = ProcessInfo.processInfo.environment
        for setting in ProxySetting.allCases {
            if let value = defaults[setting] { values[setting.variable] = value }
            if let value = environment[setting.variable] { values[setting.variable] = value }
            if let flag = flags[setting], let value = flag { values[setting.variable] = value }
        }
        values["CI"] = environment["CI"]
        return try startupStep { try ProxyConfiguration(values: values) }
    }

    /// Runs a start-up step; a failure prints `lmarena2api: reason` on standard error and exits 2.
    static func startupStep<T>(_ step: () throws -> T) throws -> T {
        do {
            return try step()
        } catch {
            FileHandle.standardError.write(Data("lmarena2api: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
