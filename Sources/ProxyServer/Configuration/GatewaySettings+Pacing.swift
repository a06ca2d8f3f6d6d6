import Accounts
import Settings

extension GatewaySettings {
    /// How each lmarena account is spent: docs/PACING.md.
    static let pacing: [Setting<ProxyConfiguration>] = [
        Setting("SESSION_CONCURRENCY", default: "1", help: "Requests in flight per lmarena account; 0: no limit.") {
            value, c throws(ConfigurationError) in c.sessionConcurrency = try ValueParser.integer(value, in: 0...10_000)
        },
        Setting(
            "SESSION_MIN_INTERVAL", default: "45",
            help: "Seconds between the starts of two requests of one account (fractions allowed); 0: no pacing."
        ) {
            value, c throws(ConfigurationError) in c.sessionMinInterval = try ValueParser.seconds(value, zero: true)
        },
        Setting(
            "SESSION_MAX_INTERVAL", default: "900",
            help: "The most the interval grows to after penalties (it doubles at each; a value below SESSION_MIN_INTERVAL is raised to it)."
        ) {
            value, c throws(ConfigurationError) in c.sessionMaxInterval = try ValueParser.seconds(value, zero: true)
        },
        Setting(
            "SESSION_WINDOW", default: "6/900",
            help: "At most N requests per account in any S seconds, written N/S; 0: off."
        ) {
            value, c throws(ConfigurationError) in
            guard let window = PaceWindow.parse(value) else {
                throw ConfigurationError(reason: "expected N/S (e.g. 6/900: six requests in any 900 seconds) or 0 for off, got '\(value)'")
            }
            c.sessionWindow = window
        },
        Setting(
            "SESSION_PENALTY_REST", default: "1200",
            help:
                "Seconds an account rests after '403 recaptcha validation failed', or after a '429 prompt failed' a fresh token did not cure; a longer retry-after from lmarena wins."
        ) {
            value, c throws(ConfigurationError) in c.sessionPenaltyRest = try ValueParser.seconds(value, zero: true)
        },
        Setting(
            "QUEUE_TIMEOUT", default: "120",
            help: "The longest a request waits for an account's turn; a request whose estimated wait is longer gets 429 sessions_busy at once."
        ) {
            value, c throws(ConfigurationError) in c.queueTimeout = try ValueParser.seconds(value, zero: true)
        },
    ]
}

extension ProxyConfiguration {
    /// The pacing rules the settings make.
    package var paceRules: PaceRules {
        PaceRules(
            concurrency: sessionConcurrency, minInterval: sessionMinInterval, maxInterval: sessionMaxInterval, window: sessionWindow,
            penaltyRest: sessionPenaltyRest, queueTimeout: queueTimeout)
    }
}
