import ArenaWire
import Foundation
import GatewayCore
import Settings

/// Every setting of the gateway, declared once (see ``Setting``). The recorder declares its own
/// (`RecordingSettings`); `serve` reads both.
public enum GatewaySettings {
    /// The declarations, in the order `--help` and docs/CONFIGURATION.md list them.
    public static let all: [Setting<ProxyConfiguration>] = core + pacing + limits

    /// The gateway's own settings: where it listens, keys, sessions, state, upstream.
    static let core: [Setting<ProxyConfiguration>] = [
        Setting("PORT", default: "10088", help: "Port the gateway listens on.") { value, c throws(ConfigurationError) in
            c.port = try ValueParser.integer(value, in: 1...65535)
        },
        Setting("HOST", default: "0.0.0.0", help: "Address the gateway binds to.") { value, c in c.host = value },
        Setting("DEBUG", default: "false", help: "true for debug logs: upstream requests and stream detail, credentials redacted.") {
            value, c throws(ConfigurationError) in c.debug = try ValueParser.boolean(value)
        },
        Setting(
            "API_SECRET", described: "none: open, with a start-up warning", secret: true,
            help: "Accepted API keys, comma-separated; clients send 'Authorization: Bearer KEY'."
        ) { value, c in
            c.apiSecrets = ValueParser.list(value)
        },
        Setting(
            "LA_COOKIE", described: "none: chat requests get 503", secret: true,
            help:
                "lmarena sessions, separated by newlines or commas: each the arena-auth-prod-v1 cookie value (with or without base64-), its .0 .. .N chunks joined with '|', or a whole Cookie header copied from the browser."
        ) {
            value, c in c.sessions = ArenaSession.parseList(value)
        },
        Setting(
            "CORS_ORIGINS", described: "none: any origin with `API_SECRET`, no other origin without",
            help:
                "Origins whose web pages may call the gateway from a browser, comma-separated, or '*' for any. A request with another Origin is refused with 403."
        ) {
            value, c in c.corsOrigins = CORSOrigins.parse(value)
        },
        Setting(
            "DATA_DIR", default: "./data", described: "`./data`",
            help:
                "Directory of the state database (sessions' rotated cookies and health, the last model catalogue), created with mode 0700, the file 0600. 'none': keep state in memory only."
        ) {
            value, c in c.dataDirectory = value.lowercased() == "none" ? nil : value
        },
        Setting(
            "SESSION_REFRESH_MARGIN", default: "300",
            help: "Seconds before a session's token expires that it is refreshed in the background (GET / with its cookies)."
        ) {
            value, c throws(ConfigurationError) in c.sessionRefreshMargin = try ValueParser.seconds(value)
        },
        Setting("CF_CLEARANCE", described: "none", secret: true, help: "The cf_clearance cookie, sent with every upstream request.") { value, c in
            c.cfClearance = value
        },
        Setting(
            "PROXY_URL", described: "none", secret: true,
            help: "Outbound proxy for every upstream request: http://[user:pass@]host:port or socks5://host:port."
        ) {
            value, c throws(ConfigurationError) in c.outboundProxy = try OutboundProxy(parsing: value)
        },
        Setting("MAX_RETRIES", default: "3", help: "Retries of a failed attempt on other sessions before anything reached the client.") {
            value, c throws(ConfigurationError) in c.maxRetries = try ValueParser.integer(value, in: 0...100)
        },
        Setting(
            "RATE_LIMIT_COOKIE_LOCK_DURATION", default: "600",
            help: "Seconds a rate-limited session rests when lmarena sends no Retry-After."
        ) { value, c throws(ConfigurationError) in
            c.cookieLockDuration = try ValueParser.seconds(value)
        },
        Setting("REQUEST_RATE_LIMIT", default: "60", help: "Requests per minute per client IP; 0 turns the limit off.") {
            value, c throws(ConfigurationError) in c.requestRateLimit = try ValueParser.integer(value, in: 0...1_000_000)
        },
        Setting(
            "TRUSTED_PROXIES", described: "none: `X-Forwarded-For` is ignored",
            help: "Reverse proxies whose X-Forwarded-For names the client: addresses or CIDR ranges, comma-separated."
        ) {
            value, c throws(ConfigurationError) in c.trustedProxies = try TrustedProxies(parsing: value)
        },
        Setting("ROUTE_PREFIX", described: "none", help: "Path prefix for the API routes, e.g. 'hf' serves /hf/v1/chat/completions.") { value, c in
            c.routePrefix = ProxyConfiguration.prefix(value)
        },
        Setting(
            "LMARENA_BASE_URL", described: "`https://arena.ai` (v2), `https://canary.lmarena.ai` (legacy)",
            help: "lmarena origin requests go to (point it at MockArena for offline work)."
        ) { value, c throws(ConfigurationError) in
            guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
                throw ConfigurationError(reason: "expected an http:// or https:// URL, got '\(value)'")
            }
            c.baseURL = value
        },
        Setting("LMARENA_DIALECT", default: "v2", help: "lmarena API dialect: v2 or legacy.") { value, c throws(ConfigurationError) in
            guard let dialect = ArenaDialect(rawValue: value.lowercased()) else {
                throw ConfigurationError(reason: "expected 'v2' or 'legacy', got '\(value)'")
            }
            c.dialect = dialect
        },
        Setting(
            "RECAPTCHA_TOKEN", described: "none: tokens come from the pool", secret: true,
            help: "A static reCAPTCHA v3 token sent with every v2 request (tests and short sessions); without it, tokens come from the pool."
        ) {
            value, c in c.recaptchaToken = value
        },
        Setting(
            "ADMIN_SECRET", described: "none: the admin endpoints are off", secret: true,
            help: "Key for POST /admin/recaptcha-tokens, where a browser helper hands in reCAPTCHA tokens."
        ) { value, c in
            c.adminSecret = value
        },
        Setting("RECAPTCHA_WAIT", default: "10", help: "Seconds a v2 request waits for a token when the pool is empty.") {
            value, c throws(ConfigurationError) in c.recaptchaWait = try ValueParser.seconds(value)
        },
        Setting(
            "USER_AGENT", default: ArenaRequestBuilder.defaultUserAgent, described: "a current desktop Chrome",
            help: "User-Agent sent upstream; must match the browser that earned cf_clearance."
        ) { value, c in c.userAgent = value },
        Setting(
            "MODELS_FILE", described: "the bundled registry",
            help: "A model registry file replacing the bundled one: the gateway's own shape, an lmarena model catalogue, or an initialModels array."
        ) {
            value, c in c.modelsFile = value
        },
        Setting(
            "MODELS_REFRESH", default: "3600",
            help: "Seconds between reads of lmarena's live model catalogue (read at start-up too); 0 keeps the bundled registry (or MODELS_FILE)."
        ) {
            value, c throws(ConfigurationError) in c.modelsRefresh = .seconds(try ValueParser.integer(value, in: 0...604_800))
        },
    ]

    /// Limits and deadlines: bodies, images, uploads, timeouts, connections, shutdown.
    static let limits: [Setting<ProxyConfiguration>] = [
        Setting(
            "MAX_PROMPT_CHARS", default: "50000",
            help:
                "Longest prompt sent to lmarena, in characters as JavaScript counts them (lmarena refuses longer); a request over it gets 400 context_length_exceeded before anything goes upstream."
        ) {
            value, c throws(ConfigurationError) in c.maxPromptCharacters = try ValueParser.integer(value, in: 1...10_000_000)
        },
        Setting(
            "MAX_REQUEST_BYTES", default: "16777216",
            help: "Largest request body accepted, in bytes (16 MiB: room for one image of MAX_IMAGE_BYTES as a base64 data: URL)."
        ) {
            value, c throws(ConfigurationError) in c.maxRequestBytes = try ValueParser.integer(value, in: 1024...1_073_741_824)
        },
        Setting(
            "REQUEST_BYTES_IN_FLIGHT", default: "33554432",
            help:
                "Request body bytes the gateway holds at once: a request waits (up to 20 s, its body unread) for room, then gets 503 server_busy with Retry-After."
        ) {
            value, c throws(ConfigurationError) in c.requestBytesInFlight = try ValueParser.integer(value, in: 1_048_576...17_179_869_184)
        },
        Setting(
            "MAX_IMAGE_BYTES", default: "10485760",
            help:
                "Largest image accepted in an image_url part, in bytes, after decoding a data: URL or downloading an http(s) URL; a larger one gets 413."
        ) {
            value, c throws(ConfigurationError) in c.maxImageBytes = try ValueParser.integer(value, in: 1024...104_857_600)
        },
        Setting("IMAGE_FETCH_TIMEOUT", default: "30", help: "Seconds to download an http(s) image_url (through PROXY_URL when set), body included.") {
            value, c throws(ConfigurationError) in c.imageFetchTimeout = try ValueParser.seconds(value)
        },
        Setting(
            "IMAGE_DOWNLOADS", default: "public", described: "public (the demo: any)",
            help:
                "Which http(s) image URLs are downloaded: 'public' (hosts on public addresses only, by literal and resolved address), 'any', or 'off' (data: URLs only)."
        ) {
            value, c throws(ConfigurationError) in
            guard let policy = ImageDownloadPolicy(rawValue: value.lowercased()) else {
                throw ConfigurationError(reason: "expected public, any or off")
            }
            c.imageDownloads = policy
        },
        Setting(
            "UPLOAD_TIMEOUT", default: "30",
            help: "Seconds each step of an image upload to lmarena may take (discovering the action ids, generateUploadUrl, the PUT, getSignedUrl)."
        ) {
            value, c throws(ConfigurationError) in c.uploadTimeout = try ValueParser.seconds(value)
        },
        Setting(
            "ARENA_ACTION_GENERATE_UPLOAD_URL", described: "discovered from the site's scripts",
            help:
                "Pins the id of the site's generateUploadUrl server action (42 hex digits); set with ARENA_ACTION_GET_SIGNED_URL. A pinned id the site calls stale is discovered again."
        ) {
            value, c throws(ConfigurationError) in c.generateUploadURLAction = try ValueParser.actionID(value)
        },
        Setting(
            "ARENA_ACTION_GET_SIGNED_URL", described: "discovered from the site's scripts",
            help: "Pins the id of the site's getSignedUrl server action; set with ARENA_ACTION_GENERATE_UPLOAD_URL."
        ) {
            value, c throws(ConfigurationError) in c.getSignedURLAction = try ValueParser.actionID(value)
        },
        Setting("CONNECT_TIMEOUT", default: "10", help: "Seconds to open an upstream connection.") { value, c throws(ConfigurationError) in
            c.connectTimeout = try ValueParser.seconds(value)
        },
        Setting("FIRST_BYTE_TIMEOUT", default: "60", help: "Seconds until lmarena's response head.") { value, c throws(ConfigurationError) in
            c.firstByteTimeout = try ValueParser.seconds(value)
        },
        Setting("IDLE_TIMEOUT", default: "120", help: "Seconds lmarena may stay silent in the middle of an answer.") {
            value, c throws(ConfigurationError) in c.idleTimeout = try ValueParser.seconds(value)
        },
        Setting(
            "REQUEST_HEAD_TIMEOUT", default: "20",
            help: "Seconds a client has to send a whole request head, from connecting or from the previous answer; then the connection is closed."
        ) {
            value, c throws(ConfigurationError) in c.requestHeadTimeout = try ValueParser.seconds(value)
        },
        Setting("REQUEST_BODY_TIMEOUT", default: "30", help: "Seconds a request body may stall between two pieces before the connection is closed.") {
            value, c throws(ConfigurationError) in c.requestBodyTimeout = try ValueParser.seconds(value)
        },
        Setting(
            "MAX_CONNECTIONS", default: "auto",
            help:
                "Client connections open at once; more are closed at once. 'auto': half the open-file limit (raised to its hard limit at start-up) less 128, at most 65536."
        ) {
            value, c throws(ConfigurationError) in
            c.maxConnections = value.lowercased() == "auto" ? nil : try ValueParser.integer(value, in: 1...1_000_000)
        },
        Setting("SHUTDOWN_GRACE", default: "30", help: "Seconds answers in flight may take to finish after SIGTERM before they are cut.") {
            value, c throws(ConfigurationError) in c.shutdownGrace = try ValueParser.seconds(value)
        },
    ]

    /// The declaration of `variable`.
    public static func named(_ variable: String) -> Setting<ProxyConfiguration>? {
        all.first { $0.variable == variable }
    }
}
