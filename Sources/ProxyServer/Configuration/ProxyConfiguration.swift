import Accounts
import ArenaWire
import Foundation
import GatewayCore
import Settings

/// The gateway's configuration: the values of ``GatewaySettings``.
public struct ProxyConfiguration: Sendable, ConcealsSecrets {
    /// Address to bind.
    public var host = ""
    /// Port to listen on.
    public var port = 0
    /// Debug logging.
    public var debug = false
    /// Accepted API keys; empty means open.
    public var apiSecrets: [String] = []
    /// lmarena sessions.
    public var sessions: [ArenaSession] = []
    /// Origins whose web pages may use the gateway (`CORS_ORIGINS`); `nil`: any with API keys, none without.
    public var corsOrigins: CORSOrigins?
    /// Where sessions and the last good catalogue are stored (`DATA_DIR`); `nil`: in memory only.
    public var dataDirectory: String?
    /// How long before its token expires a session is refreshed (`SESSION_REFRESH_MARGIN`).
    public var sessionRefreshMargin = Duration.zero
    /// The `cf_clearance` cookie.
    public var cfClearance: String?
    /// Outbound proxy.
    public var outboundProxy: OutboundProxy?
    /// Retries on other sessions.
    public var maxRetries = 0
    /// Requests in flight per account (`SESSION_CONCURRENCY`); 0: no limit.
    public var sessionConcurrency = 0
    /// Least time between two starts of one account (`SESSION_MIN_INTERVAL`).
    public var sessionMinInterval = Duration.zero
    /// Most the interval grows to (`SESSION_MAX_INTERVAL`).
    public var sessionMaxInterval = Duration.zero
    /// Starts per account in any span (`SESSION_WINDOW`); `nil`: off.
    package var sessionWindow: PaceWindow?
    /// Rest after a penalty (`SESSION_PENALTY_REST`).
    public var sessionPenaltyRest = Duration.zero
    /// Longest wait for an account's turn (`QUEUE_TIMEOUT`).
    public var queueTimeout = Duration.zero
    /// How long a rate-limited session rests without `Retry-After`.
    public var cookieLockDuration = Duration.zero
    /// Requests per minute per client IP.
    public var requestRateLimit = 0
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
    /// How long to wait for a pooled token.
    public var recaptchaWait = Duration.zero
    /// User-Agent sent upstream.
    public var userAgent = ""
    /// Model registry file, `nil` for the bundled one.
    public var modelsFile: String?
    /// Time between reads of the live catalogue; zero turns it off.
    public var modelsRefresh = Duration.zero
    /// Longest prompt sent upstream, in UTF-16 code units (`MAX_PROMPT_CHARS`).
    public var maxPromptCharacters = 0
    /// Largest accepted request body in bytes.
    public var maxRequestBytes = 0
    /// Request body bytes held at once.
    public var requestBytesInFlight = 0
    /// Largest accepted image in bytes.
    public var maxImageBytes = 0
    /// How long an image download may take.
    public var imageFetchTimeout = Duration.zero
    /// Which image URLs are downloaded.
    public var imageDownloads = ImageDownloadPolicy.off
    /// How long each step of an image upload may take.
    public var uploadTimeout = Duration.zero
    /// A pinned `generateUploadUrl` action id.
    public var generateUploadURLAction: String?
    /// A pinned `getSignedUrl` action id.
    public var getSignedURLAction: String?

    /// The pinned action ids, when both are set.
    public var pinnedActions: ServerActionIDs? {
        guard let generateUploadURLAction, let getSignedURLAction else { return nil }
        return ServerActionIDs(generateUploadUrl: generateUploadURLAction, getSignedUrl: getSignedURLAction)
    }
    /// Upstream connect timeout.
    public var connectTimeout = Duration.zero
    /// Upstream response-head timeout.
    public var firstByteTimeout = Duration.zero
    /// Upstream idle-read timeout.
    public var idleTimeout = Duration.zero
    /// How long a client has for a whole request head.
    public var requestHeadTimeout = Duration.zero
    /// How long a request body may stall.
    public var requestBodyTimeout = Duration.zero
    /// Client connections open at once; `nil`: from the open-file limit.
    public var maxConnections: Int?
    /// How long in-flight answers may take after SIGTERM.
    public var shutdownGrace = Duration.zero

    /// Every credential the configuration holds, for redaction.
    public var secrets: [String] {
        var values = apiSecrets + sessions.flatMap(\.secretValues)
        values += [cfClearance, recaptchaToken, adminSecret, outboundProxy?.password].compactMap { $0 }
        return values
    }

    /// The declared defaults.
    public init() {
        // The defaults are declared as values and read like any other; a test proves each parses.
        self = (try? SettingReader(environment: [:]).read(GatewaySettings.all, into: ProxyConfiguration(blank: ()))) ?? ProxyConfiguration(blank: ())
    }

    /// Every field at its zero value, before any setting is read.
    private init(blank: Void) {}

    /// Reads the settings from `values`, keyed by environment variable name.
    public init(values: [String: String]) throws(ConfigurationError) {
        try self.init(reading: SettingReader(environment: values))
    }

    /// Reads the settings through `reader`.
    public init(reading reader: SettingReader) throws(ConfigurationError) {
        self = try reader.read(GatewaySettings.all, into: ProxyConfiguration(blank: ()))
    }

    /// Normalizes a route prefix: `hf`, `/hf` and `/hf/` all become `/hf`.
    public static func prefix(_ raw: String) -> String {
        let trimmed = raw.trimmingCharacters(in: CharacterSet(charactersIn: "/ "))
        return trimmed.isEmpty ? "" : "/" + trimmed
    }
}
