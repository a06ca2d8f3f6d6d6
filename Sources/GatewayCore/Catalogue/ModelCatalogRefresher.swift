import Accounts
import ArenaWire
import Foundation
import Logging
import NIOCore
import ServiceLifecycle

/// Reads lmarena's model catalogue at start-up and every `MODELS_REFRESH` seconds, through the
/// same transport as chat (so the outbound proxy, the recorder and the Cloudflare detector apply),
/// with a healthy session's cookies when there is one.
///
/// A failed read keeps the last good catalogue, is logged once per incident (and once when it is
/// over), and never makes the gateway unready.
package struct ModelCatalogRefresher: Service, ConcealsSecrets {
    let catalogue: ModelCatalogue
    let transport: any ArenaTransport
    let builder: ArenaRequestBuilder
    let pool: SessionPool
    let watch: UpstreamWatch
    let interval: Duration
    let logger: Logger
    /// Removes configured credentials from what the log quotes of upstream answers.
    var redactor = Redactor()
    /// Where the last good catalogue is kept for the next start (`nil`: nowhere).
    var store: (any SessionStore)? = nil

    /// A refresher that reads the catalogue through `transport` (with a session of `pool` when
    /// one is usable) every `interval`, and serves it through `catalogue`.
    package init(
        catalogue: ModelCatalogue, transport: any ArenaTransport, builder: ArenaRequestBuilder, pool: SessionPool,
        watch: UpstreamWatch = UpstreamWatch(logger: Logger(label: "lmarena2api")), interval: Duration,
        logger: Logger, redactor: Redactor = Redactor(), store: (any SessionStore)? = nil
    ) {
        self.catalogue = catalogue
        self.transport = transport
        self.builder = builder
        self.pool = pool
        self.watch = watch
        self.interval = interval
        self.logger = logger
        self.redactor = redactor
        self.store = store
    }

    package func run() async throws {
        // A graceful shutdown cancels the loop at once, a read in flight included.
        await cancelWhenGracefulShutdown { await refreshUntilCancelled() }
    }

    private func refreshUntilCancelled() async {
        var failing = false
        while !Task.isCancelled {
            do {
                let registry = try await fetch()
                catalogue.replace(with: registry)
                if failing { logger.notice("the lmarena model catalogue can be read again: \(registry.models.count) models") }
                logger.info("lmarena model catalogue read", metadata: ["models": "\(registry.models.count)"])
                failing = false
            } catch {
                if Task.isCancelled { return }
                if !failing {
                    logger.warning(
                        "the lmarena model catalogue cannot be read (\(redactor.scrub("\(error)"))); the gateway keeps serving the models it has (\(catalogue.current.models.count))"
                    )
                }
                failing = true
            }
            catalogue.markAttempted()
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }

    /// One read of the catalogue.
    package func fetch() async throws -> ModelRegistry {
        let session: ArenaSession?
        if case .session(let leased) = pool.lease() { session = leased } else { session = nil }
        let reply = try await ArenaExchange(transport: transport, pool: pool, watch: watch).read(
            builder.catalogRequest(session: session), session: session, limit: 16 * 1024 * 1024, rule: .document, redactor: redactor)
        let body = reply.body
        let data = Data(body.readableBytesView)
        let registry = try ModelRegistry(catalog: try ModelCatalogParser.parse(data))
        if let store {
            do {
                try await store.saveCatalogue(StoredCatalogue(body: data, fetchedAt: Date()))
            } catch {
                logger.warning("cannot store the model catalogue in DATA_DIR: \(error)")
            }
        }
        return registry
    }
}
