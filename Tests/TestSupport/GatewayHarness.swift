import ArenaWire
import AsyncHTTPClient
import Foundation
import GatewayCore
import Hummingbird
import Logging
import MockArena
import NIOCore
import ProxyServer

/// Builds gateway applications over a replay transport for tests.
public enum GatewayHarness {
    /// A configuration with one session and a reCAPTCHA token, like a working deployment.
    public static func configuration(dialect: ArenaDialect = .v2, change: (inout ProxyConfiguration) -> Void = { _ in }) -> ProxyConfiguration {
        var configuration = ProxyConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.dialect = dialect
        configuration.sessions = [ArenaSession(entry: "test-session-value", number: 1)!]
        configuration.recaptchaToken = "test-recaptcha-token"
        // Tests send bursts from one address; the rate-limit tests turn the limit on.
        configuration.requestRateLimit = 0
        // MockArena, which serves the tests' images, is on loopback.
        configuration.imageDownloads = .any
        // Pacing off: the replayed site penalizes nobody; the pacing tests set their own pace.
        configuration.sessionConcurrency = 0
        configuration.sessionMinInterval = .zero
        configuration.sessionWindow = nil
        change(&configuration)
        return configuration
    }

    /// The gateway application answering through `transport`.
    public static func application(
        configuration: ProxyConfiguration, transport: any ArenaTransport, logger: Logger? = nil, imageFetcher: (any ImageFetcher)? = nil,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        // Images come from the same fixtures as the answers: in memory for the replay transport,
        // over HTTP (from MockArena's server) otherwise.
        let fetcher =
            imageFetcher
            ?? (transport as? ReplayTransport).map { ReplayImageFetcher(replayer: $0.replayer) }
            ?? LiveImageFetcher(client: .shared, timeout: .seconds(10))
        var quiet = Logger(label: "test-gateway")
        quiet.logLevel = .critical
        let logger = logger ?? quiet
        return try GatewayServer(configuration: configuration, logger: logger).application(
            transport: transport, imageFetcher: fetcher, onServerRunning: onServerRunning)
    }
}
