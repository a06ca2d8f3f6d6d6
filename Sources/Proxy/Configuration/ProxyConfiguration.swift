import Foundation

/// The gateway's configuration, read from the settings of ``ProxySetting``.
public struct ProxyConfiguration: Sendable {
    /// Address to bind.
    public var host = "0.0.0.0"
    /// Port to listen on.
    public var port = 10088
    /// Debug logging.
    public var debug = false
    /// Accepted API keys; empty means open.
    public var apiSecrets: [String] = []
    /// lmarena sessions.
    public var sessions: [ArenaSession] = []
    /// The `cf_clearance` cookie.
    public var cfClearance: String?
    /// Outbound proxy.
    public var outboundProxy: OutboundProxy?
    /// Retries on other sessions.
    public var maxRetries = 3
    /// Seconds a rate-limited session rests without `Retry-After`.
    public var cookieLockDuration = 600.0
    /// Requests per minute per client IP.
    public var requestRateLimit = 60
    /// Proxies whose `X-Forwarded-For` is believed.
    public var trustedProxies = TrustedProxies.none
    /// Route prefix, `""` or `/name`.
    public var routePrefix = ""
    /// lmarena origin; `nil` means the dialect's default.
    public var baseURL: String?
    /// lmarena dialect.
    public var dialect: ArenaDialect = .v2
    /// Static reCAPTCHA token.
    public var recaptchaToken: String?
    /// Key of the token endpoint.
    public var adminSecret: String?
    /// Seconds to wait for a pooled token.
    public var recaptchaWait = 10.0
    /// User-Agent sent upstream.
    public var userAgent = ArenaRequestBuilder.defaultUserAgent
    /// Model registry file, `nil` for the bundled one.
    public var modelsFile: String?
    /// Largest accepted request body in bytes.
    public var maxRequestBytes = 8 * 1024 * 1024
    /// Upstream connect timeout in seconds.
    public var connectTimeout = 10.0
    /// Upstream response-head timeout in seconds.
    public var firstByteTimeout = 60.0
    /// Upstream idle-read timeout in seconds.
    public var idleTimeout = 120.0
    /// Seconds in-flight answers may take after SIGTERM.
    public var shutdownGrace = 30.0
    /// Where to record fixtures, `nil` for no recording.
    public var recordDirectory: String?
    /// How to record.
    public var recordMode: RecordMode = .once

    /// Every credential the configuration holds, for redaction.
    public var secrets: [String] {
        var values = apiSecrets + sessions.flatMap { $0.cookies.map(\.value) }
        values += [cfClearance, recaptchaToken, adminSecret, outboundProxy?.password].compactMap { $0 }
        return values
    }

    /// The defaults.
    public init() {}

    /// Reads the settings from `values`, keyed by environment variable name. Empty values count as unset.
    public init(values: [String: String]) throws(ConfigurationError) {
        func value(_ setting: ProxySetting) -> String? {
            guard let raw = values[setting.variable]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
            return raw
        }
        if let raw = value(.port) { port = try Self.integer(raw, .port, in: 1...65535) }
        if let raw = value(.host) { host = raw }
        if let raw = value(.debug) { debug = try Self.boolean(raw, .debug) }
        if let raw = value(.apiSecret) { apiSecrets = Self.list(raw) }
        if let raw = value(.laCookie) { sessions = ArenaSession.parseList(raw) }
        cfClearance = value(.cfClearance)
        if let raw = value(.proxyURL) { outboundProxy = try OutboundProxy(parsing: raw) }
        if let raw = value(.maxRetries) { maxRetries = try Self.integer(raw, .maxRetries, in: 0...100) }
        if let raw = value(.cookieLockDuration) { cookieLockDuration = try Self.seconds(raw, .cookieLockDuration) }
        if let raw = value(.requestRateLimit) { requestRateLimit = try Self.integer(raw, .requestRateLimit, in: 0...1_000_000) }
        if let raw = value(.trustedProxies) { trustedProxies = try TrustedProxies(parsing: raw) }
        if let raw = value(.routePrefix) { routePrefix = Self.prefix(raw) }
        if let raw = value(.baseURL) {
            guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
                throw ConfigurationError(.baseURL, "expected an http:// or https:// URL, got '\(raw)'")
            }
            baseURL = raw
        }
        if let raw = value(.dialect) {
            guard let parsed = ArenaDialect(rawValue: raw.lowercased()) else {
                throw ConfigurationError(.dialect, "expected 'v2' or 'legacy', got '\(raw)'")
            }
            dialect = parsed
        }
        recaptchaToken = value(.recaptchaToken)
        adminSecret = value(.adminSecret)
        if let raw = value(.recaptchaWait) { recaptchaWait = try Self.seconds(raw, .recaptchaWait) }
        if let raw = value(.userAgent) { userAgent = raw }
        modelsFile = value(.modelsFile)
        if let raw = value(.maxRequestBytes) { maxRequestBytes = try Self.integer(raw, .maxRequestBytes, in: 1024...1_073_741_824) }
        if let raw = value(.connectTimeout) { connectTimeout = try Self.seconds(raw, .connectTimeout) }
        if let raw = value(.firstByteTimeout) { firstByteTimeout = try Self.seconds(raw, .firstByteTimeout) }
        if let raw = value(.idleTimeout) { idleTimeout = try Self.seconds(raw, .idleTimeout) }
        if let raw = value(.shutdownGrace) { shutdownGrace = try Self.seconds(raw, .shutdownGrace) }
        recordDirectory = value(.recordDirectory)
        if let raw = value(.recordMode) {
            guard let mode = RecordMode(rawValue: raw.lowercased()) else {
                throw ConfigurationError(.recordMode, "expected all, once or none, got '\(raw)'")
            }
            recordMode = mode
        } else if let ci = values["CI"], !ci.isEmpty, ci.lowercased() != "false", ci != "0" {
            recordMode = .none
        }
    }

    /// Normalizes a route prefix: `hf`, `/hf` and `/hf/` all become `/hf`.
    public static func prefix(_ raw: String) -> String {
        let trimmed = raw.trimmingCharacters(in: CharacterSet(charactersIn: "/ "))
        return trimmed.isEmpty ? "" : "/" + trimmed
    }

    static func list(_ raw: String) -> [String] {
        raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func integer(_ raw: String, _ setting: ProxySetting, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let number = Int(raw), range.contains(number) else {
            throw ConfigurationError(setting, "expected a whole number from \(range.lowerBound) to \(range.upperBound), got '\(raw)'")
        }
        return number
    }

    static func boolean(_ raw: String, _ setting: ProxySetting) throws(ConfigurationError) -> Bool {
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(setting, "expected true or false, got '\(raw)'")
        }
    }

    static func seconds(_ raw: String, _ setting: ProxySetting) throws(ConfigurationError) -> Double {
        guard let number = Double(raw), number > 0, number <= 86_400 else {
            throw ConfigurationError(setting, "expected a number of seconds above 0 and at most 86400, got '\(raw)'")
        }
        return number
    }
}

/// How `serve --record DIR` treats upstream, named as VCR names them.
public enum RecordMode: String, Sendable, CaseIterable {
    /// Always go upstream, record every exchange.
    case all
    /// Answer from DIR's fixtures when one matches; go upstream and record only when none does.
    case once
    /// Replay only, never upstream: a miss is an error naming the closest fixture.
    case none
}

/// A setting with a value that cannot be used; `serve` prints it as one line and stops.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The setting at fault.
    public let setting: ProxySetting
    /// What is wrong with its value (never the value of a secret setting).
    public let reason: String

    /// Creates an error.
    public init(_ setting: ProxySetting, _ reason: String) {
        self.setting = setting
        self.reason = reason
    }

    /// `VARIABLE (--flag): reason`.
    public var description: String { "\(setting.variable) (--\(setting.flag)): \(reason)" }
}
