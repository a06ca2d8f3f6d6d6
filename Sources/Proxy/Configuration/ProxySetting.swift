/// Every setting of `serve`: its environment variable, its `--flag`, its default and meaning.
///
/// The environment names come from the Go project this one replaces. A flag overrides the
/// variable of the same setting.
public enum ProxySetting: String, CaseIterable, Sendable {
    /// `PORT`.
    case port = "PORT"
    /// `HOST`.
    case host = "HOST"
    /// `DEBUG`.
    case debug = "DEBUG"
    /// `API_SECRET`.
    case apiSecret = "API_SECRET"
    /// `LA_COOKIE`.
    case laCookie = "LA_COOKIE"
    /// `CF_CLEARANCE`.
    case cfClearance = "CF_CLEARANCE"
    /// `MAX_RETRIES`.
    case maxRetries = "MAX_RETRIES"
    /// `RATE_LIMIT_COOKIE_LOCK_DURATION`.
    case cookieLockDuration = "RATE_LIMIT_COOKIE_LOCK_DURATION"
    /// `PROXY_URL`.
    case proxyURL = "PROXY_URL"
    /// `REQUEST_RATE_LIMIT`.
    case requestRateLimit = "REQUEST_RATE_LIMIT"
    /// `TRUSTED_PROXIES`.
    case trustedProxies = "TRUSTED_PROXIES"
    /// `ROUTE_PREFIX`.
    case routePrefix = "ROUTE_PREFIX"
    /// `LMARENA_BASE_URL`.
    case baseURL = "LMARENA_BASE_URL"
    /// `LMARENA_DIALECT`.
    case dialect = "LMARENA_DIALECT"
    /// `RECAPTCHA_TOKEN`.
    case recaptchaToken = "RECAPTCHA_TOKEN"
    /// `ADMIN_SECRET`.
    case adminSecret = "ADMIN_SECRET"
    /// `RECAPTCHA_WAIT`.
    case recaptchaWait = "RECAPTCHA_WAIT"
    /// `USER_AGENT`.
    case userAgent = "USER_AGENT"
    /// `MODELS_FILE`.
    case modelsFile = "MODELS_FILE"
    /// `MAX_REQUEST_BYTES`.
    case maxRequestBytes = "MAX_REQUEST_BYTES"
    /// `CONNECT_TIMEOUT`.
    case connectTimeout = "CONNECT_TIMEOUT"
    /// `FIRST_BYTE_TIMEOUT`.
    case firstByteTimeout = "FIRST_BYTE_TIMEOUT"
    /// `IDLE_TIMEOUT`.
    case idleTimeout = "IDLE_TIMEOUT"
    /// `SHUTDOWN_GRACE`.
    case shutdownGrace = "SHUTDOWN_GRACE"
    /// `RECORD_DIR`.
    case recordDirectory = "RECORD_DIR"
    /// `RECORD_MODE`.
    case recordMode = "RECORD_MODE"

    /// The environment variable.
    public var variable: String { rawValue }

    /// The command-line flag, without dashes: the variable in lower case with `-` for `_`
    /// (`RECORD_DIR` is `--record`, as the recorder's documentation names it).
    public var flag: String {
        self == .recordDirectory ? "record" : rawValue.lowercased().replacingOccurrences(of: "_", with: "-")
    }

    /// The default, as a person reads it.
    public var defaultDescription: String {
        switch self {
        case .port: return "10088"
        case .host: return "0.0.0.0"
        case .debug: return "false"
        case .apiSecret: return "(none: open, with a warning)"
        case .laCookie: return "(none: chat requests get 503)"
        case .cfClearance, .proxyURL, .recaptchaToken: return "(none)"
        case .adminSecret: return "(none: the token endpoint is off)"
        case .recaptchaWait: return "10"
        case .requestRateLimit: return "60"
        case .maxRetries: return "3"
        case .cookieLockDuration: return "600"
        case .routePrefix: return "(none)"
        case .trustedProxies: return "(none: X-Forwarded-For is ignored)"
        case .baseURL: return "https://arena.ai (v2), https://canary.lmarena.ai (legacy)"
        case .dialect: return "v2"
        case .userAgent: return "a current desktop Chrome"
        case .modelsFile: return "(the bundled registry)"
        case .maxRequestBytes: return "8388608"
        case .connectTimeout: return "10"
        case .firstByteTimeout: return "60"
        case .idleTimeout: return "120"
        case .shutdownGrace: return "30"
        case .recordDirectory: return "(none: no recording)"
        case .recordMode: return "once (none when CI is set)"
        }
    }

    /// What the setting does.
    public var help: String {
        switch self {
        case .port: return "Port the gateway listens on."
        case .host: return "Address the gateway binds to."
        case .debug: return "true for debug logs: upstream requests and stream detail, credentials redacted."
        case .apiSecret: return "Accepted API keys, comma-separated; clients send 'Authorization: Bearer KEY'."
        case .laCookie: return "lmarena sessions, comma-separated: each the arena-auth-prod-v1 cookie value, or its .0 and .1 halves joined with '|'."
        case .cfClearance: return "The cf_clearance cookie, sent with every upstream request."
        case .proxyURL: return "Outbound proxy for every upstream request: http://[user:pass@]host:port or socks5://host:port."
        case .requestRateLimit: return "Requests per minute per client IP."
        case .maxRetries: return "Retries of a failed attempt on other sessions before anything reached the client."
        case .cookieLockDuration: return "Seconds a rate-limited session rests when lmarena sends no Retry-After."
        case .trustedProxies: return "Reverse proxies whose X-Forwarded-For names the client: addresses or CIDR ranges, comma-separated."
        case .routePrefix: return "Path prefix for the API routes, e.g. 'hf' serves /hf/v1/chat/completions."
        case .baseURL: return "lmarena origin requests go to (point it at MockArena for offline work)."
        case .dialect: return "lmarena API dialect: v2 or legacy."
        case .recaptchaToken: return "A static reCAPTCHA v3 token sent with every v2 request (tests and short sessions); without it, tokens come from the pool."
        case .adminSecret: return "Key for POST /admin/recaptcha-tokens, where a browser helper hands in reCAPTCHA tokens."
        case .recaptchaWait: return "Seconds a v2 request waits for a token when the pool is empty."
        case .userAgent: return "User-Agent sent upstream; must match the browser that earned cf_clearance."
        case .modelsFile: return "A model registry JSON file replacing the bundled one."
        case .maxRequestBytes: return "Largest request body accepted, in bytes."
        case .connectTimeout: return "Seconds to open an upstream connection."
        case .firstByteTimeout: return "Seconds until lmarena's response head."
        case .idleTimeout: return "Seconds lmarena may stay silent in the middle of an answer."
        case .shutdownGrace: return "Seconds answers in flight may take to finish after SIGTERM before they are cut."
        case .recordDirectory: return "Record every upstream exchange as a redacted fixture in this directory."
        case .recordMode: return "With RECORD_DIR: all (always upstream, record all), once (replay a match, record the rest), none (replay only)."
        }
    }
}
