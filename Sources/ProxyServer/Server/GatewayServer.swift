import Accounts
import ArenaWire
import AsyncHTTPClient
import Foundation
import GatewayCore
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Settings
import UnixSignals

/// Builds and runs the gateway from a ``ProxyConfiguration``: the piece `serve` and `demo` share.
public struct GatewayServer: Sendable {
    /// The configuration served.
    public let configuration: ProxyConfiguration
    /// The model registry served until the live catalogue is read (the bundled one, or `MODELS_FILE`).
    public let registry: ModelRegistry
    /// The models served now: `registry`, then the last live catalogue read well.
    public let catalogue: ModelCatalogue
    /// The log.
    public let logger: Logger
    /// The lmarena sessions and their health.
    let pool: SessionPool
    /// lmarena as a whole: reachability and Cloudflare incidents.
    let watch: UpstreamWatch
    /// The refreshes in flight, shared by the background refresher and the 401 handler.
    let refreshes = RunningRefreshes()
    /// The metrics `/metrics` exposes.
    let metrics = GatewayMetrics()
    /// Where `v2` requests get their reCAPTCHA tokens.
    let recaptcha: RecaptchaSupply
    /// Each account's pace and the requests waiting for a turn.
    let dispatcher: AccountDispatcher
    /// Whether graceful shutdown has begun, and what it cut.
    public let shutdown = ShutdownState()

    /// What removes credentials, configured and learned at run time, from logs, errors and recordings.
    public var redactor: Redactor {
        Redactor(secrets: configuration.secrets, learned: pool.secrets)
    }

    /// Loads the registry the configuration names.
    public init(configuration: ProxyConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        self.recaptcha = RecaptchaSupply(staticToken: configuration.recaptchaToken, wait: configuration.recaptchaWait)
        self.watch = UpstreamWatch(logger: logger)
        self.pool = SessionPool(
            sessions: configuration.sessions, defaultCooldown: configuration.cookieLockDuration, logger: logger)
        self.dispatcher = AccountDispatcher(rules: configuration.paceRules, pool: pool, logger: logger)
        if let file = configuration.modelsFile {
            do {
                registry = try ModelRegistry.load(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw ConfigurationError(variable: "MODELS_FILE", flag: "models-file", reason: "\(error)")
            }
        } else {
            registry = try ModelRegistry.bundled()
        }
        catalogue = ModelCatalogue(fallback: registry)
        if (configuration.generateUploadURLAction == nil) != (configuration.getSignedURLAction == nil) {
            let missing = configuration.generateUploadURLAction == nil ? "ARENA_ACTION_GENERATE_UPLOAD_URL" : "ARENA_ACTION_GET_SIGNED_URL"
            throw ConfigurationError(
                variable: missing, flag: SettingName.flag(for: missing),
                reason: "the upload's two action ids are pinned together: set both, or neither to discover them")
        }
    }

    /// Logs what an operator must know before the first request: open access, no sessions, no token.
    public func logStartupWarnings() {
        if configuration.apiSecrets.isEmpty {
            logger.warning("API_SECRET is not set: anyone who can reach this port can use it")
            if configuration.corsOrigins == .any {
                logger.warning(
                    "CORS_ORIGINS is '*' without API_SECRET: any web page a browser on this machine visits can use this gateway and its lmarena sessions"
                )
            }
        }
        if let proxy = configuration.outboundProxy, proxy.declaredTLS {
            logger.notice("PROXY_URL is https://: the proxy is spoken to in plain HTTP (CONNECT); the tunnel to lmarena is TLS end to end")
        }
        if configuration.sessions.isEmpty {
            logger.warning("LA_COOKIE is not set: chat requests will get 503 until an lmarena session is configured")
        }
        for session in configuration.sessions where session.claims?.isAnonymous == true {
            logger.warning(
                "\(session) is anonymous (a guest session): since September 2026 lmarena answers 401 LOGIN_GATE to every direct chat of a guest. Sign in on arena.ai in a browser (and accept the terms once), then replace this LA_COOKIE entry with the signed-in cookie"
            )
        }
        if !configuration.paceRules.paces {
            logger.notice(
                "pacing is off (SESSION_CONCURRENCY, SESSION_MIN_INTERVAL and SESSION_WINDOW are 0): lmarena penalizes accounts that send quickly")
        }
        if configuration.dialect == .v2, configuration.recaptchaToken == nil {
            if configuration.adminSecret == nil {
                logger.warning(
                    "neither RECAPTCHA_TOKEN nor ADMIN_SECRET is set: v2 chat requests need a fresh reCAPTCHA token, and without ADMIN_SECRET no browser helper can hand tokens in"
                )
            } else {
                logger.notice(
                    "reCAPTCHA tokens come from the pool: a browser helper must POST them to \(configuration.routePrefix)/admin/recaptcha-tokens")
            }
        }
    }

    /// Runs the gateway until SIGTERM or SIGINT, with the live transport, or with what `wrap`
    /// makes of it (the recorder, a replay).
    public func run(
        wrap: (LiveArenaTransport) throws -> any ArenaTransport = { $0 },
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) async throws {
        let descriptors = DescriptorLimit.raise()
        if descriptors.after != descriptors.before {
            logger.info("open-file limit raised from \(descriptors.before) to its hard limit \(descriptors.after)")
        }
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: LiveArenaTransport.clientConfiguration(
                connectTimeout: TimeAmount(configuration.connectTimeout),
                idleTimeout: TimeAmount(configuration.idleTimeout),
                proxy: configuration.outboundProxy?.clientProxy))
        let live = LiveArenaTransport(
            client: client, firstByteTimeout: TimeAmount(configuration.firstByteTimeout), proxy: configuration.outboundProxy)
        let state: GatewayState
        do {
            state = try await openState()
        } catch {
            try? await client.shutdown()
            throw error
        }
        do {
            let transport = try wrap(live)
            // The one downloader: generated images and the images chat requests carry.
            let fetcher = LiveImageFetcher(
                client: client, timeout: configuration.firstByteTimeout + configuration.idleTimeout, proxy: configuration.outboundProxy)
            let intake = ImageIntake(
                maxBytes: configuration.maxImageBytes, fetchTimeout: configuration.imageFetchTimeout, fetcher: fetcher,
                policy: configuration.imageDownloads)
            // Services shut down in reverse order: on SIGTERM the HTTP server stops accepting at
            // once, the refreshers (cancelled at once) follow, and the state writer goes last, after
            // writing every change the answers in flight made.
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: state.writer)]
            if configuration.modelsRefresh > .zero {
                services.append(.init(service: catalogueRefresher(transport: transport, store: state.store)))
            }
            services.append(.init(service: sessionRefresher(transport: transport)))
            services.append(
                .init(
                    service: application(
                        transport: transport, imageFetcher: fetcher, imageIntake: intake, onServerRunning: onServerRunning)))
            // Last, so it hears of the shutdown first; its ending is not the group's.
            services.append(
                .init(service: ShutdownState.Watcher(state: shutdown, grace: configuration.shutdownGrace), successTerminationBehavior: .ignore))
            var group = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            // SIGTERM: stop accepting, let answers in flight finish for up to SHUTDOWN_GRACE, then cancel them.
            group.maximumGracefulShutdownDuration = configuration.shutdownGrace
            group.maximumCancellationDuration = .seconds(5)
            try await ServiceGroup(configuration: group).run()
        } catch {
            try? await state.store.close()
            try? await client.shutdown()
            throw error
        }
        try? await state.store.close()
        if shutdown.cut > 0 {
            logger.warning("\(shutdown.cut) streams were still open at the end of SHUTDOWN_GRACE and were cut")
        }
        try await client.shutdown()
    }

    /// The upstream request builder for this configuration.
    var builder: ArenaRequestBuilder {
        ArenaRequestBuilder(
            dialect: configuration.dialect, baseURL: configuration.baseURL, userAgent: configuration.userAgent, cfClearance: configuration.cfClearance
        )
    }

    /// The service that reads the live catalogue through `transport` every `MODELS_REFRESH` seconds.
    func catalogueRefresher(transport: any ArenaTransport, store: (any SessionStore)? = nil) -> some Service {
        ModelCatalogRefresher(
            catalogue: catalogue, transport: transport, builder: builder, pool: pool, watch: watch,
            interval: max(.seconds(1), configuration.modelsRefresh), logger: logger, redactor: redactor, store: store)
    }

    /// The service and the 401 handler that keep sessions signed in through `transport`.
    func sessionRefresher(transport: any ArenaTransport) -> SessionRefresher {
        SessionRefresher(
            pool: pool, watch: watch, running: refreshes, transport: transport, builder: builder, margin: configuration.sessionRefreshMargin,
            tick: max(.seconds(1), min(.seconds(30), configuration.sessionRefreshMargin / 4)), logger: logger)
    }

    /// Reads the live catalogue once through `transport` and serves it; throws when it cannot be read.
    public func readCatalogue(through transport: any ArenaTransport) async throws {
        let refresher = ModelCatalogRefresher(
            catalogue: catalogue, transport: transport, builder: builder, pool: pool, watch: watch, interval: .seconds(3600), logger: logger)
        catalogue.replace(with: try await refresher.fetch())
    }

    /// The Hummingbird application answering through `transport`.
    public func application(
        transport: any ArenaTransport, imageFetcher: any ImageFetcher, imageIntake: ImageIntake? = nil,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var gateway = ArenaGateway(
            transport: transport,
            builder: builder,
            pool: pool,
            watch: watch,
            recaptcha: recaptcha,
            maxRetries: configuration.maxRetries,
            metrics: metrics,
            redactor: redactor,
            refresher: sessionRefresher(transport: transport),
            shutdown: shutdown)
        gateway.dispatcher = dispatcher
        // Without an intake (in-process tests), data: URLs still work; http(s) URLs are refused.
        gateway.imageIntake =
            imageIntake
            ?? ImageIntake(
                maxBytes: configuration.maxImageBytes, fetchTimeout: configuration.imageFetchTimeout, fetcher: nil)
        gateway.uploader = AttachmentUploader(
            transport: transport, builder: builder, stepTimeout: configuration.uploadTimeout,
            pinned: configuration.pinnedActions, redactor: redactor, logger: logger,
            exchange: ArenaExchange(transport: transport, pool: pool, watch: watch))
        let maxBody = configuration.maxRequestBytes
        // A request waiting for room sends nothing: it gives up before the connection guard would close it.
        gateway.bodyBudget = RequestBytesBudget(
            capacity: configuration.requestBytesInFlight, wait: min(.seconds(20), configuration.requestBodyTimeout * 2 / 3),
            bodyDeadline: configuration.requestBodyTimeout)
        let limits = ConnectionGuard.Limits(
            headTimeout: TimeAmount(configuration.requestHeadTimeout), bodyTimeout: TimeAmount(configuration.requestBodyTimeout),
            limiter: ConnectionLimiter(
                maximum: configuration.maxConnections ?? DescriptorLimit.automaticConnectionCap(soft: DescriptorLimit.current().soft), logger: logger)
        )
        return Application(
            router: GatewayRouter.make(gateway: gateway, catalogue: catalogue, configuration: configuration, imageFetcher: imageFetcher),
            server: .http1(
                configuration: .init(additionalChannelHandlers: [
                    HTTP1ConnectionRules.Installer(), ExpectContinueHandler(maxBodyBytes: maxBody), ConnectionGuard(limits: limits), HalfCloseProbe(),
                ])),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "lmarena2api"),
            onServerRunning: onServerRunning,
            logger: logger)
    }
}
