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
    public var dataDirectory: String? = "./data"
    /// Seconds before its token expires that a session is refreshed (`SESSION_REFRESH_MARGIN`).
    public var sessionRefreshMargin = 300.0
    /// The `cf_clearance` cookie.
    public var cfClearance: String?
    /// Outbound proxy.
    public var outboundProxy: OutboundProxy?
    /// Retries on other sessions.
    public var maxRetries = 0
    /// Seconds a rate-limited session rests without `Retry-After`.
    public var cookieLockDuration = 0.0
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
    /// Seconds to wait for a pooled token.
    public var recaptchaWait = 0.0
    /// User-Agent sent upstream.
    public var userAgent = ""
    /// Model registry file, `nil` for the bundled one.
    public var modelsFile: String?
    /// Seconds between reads of the live catalogue; 0 turns it off.
    public var modelsRefresh = 0
    /// Largest accepted request body in bytes.
    public var maxRequestBytes = 0
    /// Request body bytes held at once.
    public var requestBytesInFlight = 32 << 20
    /// Largest accepted image in bytes.
    public var maxImageBytes = 10_485_760
    /// Seconds to download an image URL.
    public var imageFetchTimeout = 30.0
    /// Which image URLs are downloaded.
    public var imageDownloads = ImageDownloadPolicy.publicOnly
    /// Seconds for each step of an image upload.
    public var uploadTimeout = 30.0
    /// A pinned `generateUploadUrl` action id.
    public var generateUploadURLAction: String?
    /// A pinned `getSignedUrl` action id.
    public var getSignedURLAction: String?

    /// The pinned action ids, when both are set.
    public var pinnedActions: ServerActionIDs? {
        guard let generateUploadURLAction, let getSignedURLAction else { return nil }
        return ServerActionIDs(generateUploadUrl: generateUploadURLAction, getSignedUrl: getSignedURLAction)
    }
    /// Upstream connect timeout in seconds.
    public var connectTimeout = 0.0
    /// Upstream response-head timeout in seconds.
    public var firstByteTimeout = 0.0
    /// Upstream idle-read timeout in seconds.
    public var idleTimeout = 0.0
    /// Seconds a client has for a whole request head.
    public var requestHeadTimeout = 20.0
    /// Seconds a request body may stall.
    public var requestBodyTimeout = 30.0
    /// Client connections open at once; `nil`: from the open-file limit.
    public var maxConnections: Int?
    /// Seconds in-flight answers may take after SIGTERM.
    public var shutdownGrace = 0.0

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
