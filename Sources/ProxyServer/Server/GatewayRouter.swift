import Accounts
import ArenaWire
import GatewayCore
import Hummingbird
import Logging

/// Assembles the gateway's routes and middleware.
enum GatewayRouter {
    /// The router for `configuration`, answering chat requests through `gateway`.
    static func make(
        gateway: ArenaGateway, catalogue: ModelCatalogue, configuration: ProxyConfiguration, imageFetcher: any ImageFetcher
    ) -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        // CORS first: preflights are answered, and other origins refused, before any key or limit is asked for.
        router.add(middleware: CORSPolicy(origins: CORSOrigins.effective(configuration.corsOrigins, apiKeysSet: !configuration.apiSecrets.isEmpty)))
        router.add(middleware: RequestMetricsMiddleware(metrics: gateway.metrics))
        router.add(middleware: OpenAIErrorMiddleware(redactor: gateway.redactor))
        let prefix = configuration.routePrefix
        OperationsRoutes(gateway: gateway, catalogue: catalogue, recaptchaTokenCount: { gateway.recaptcha.count() }).add(to: router)
        // One per-IP limit for the API and the admin routes alike, so a key cannot be guessed at full speed.
        let rateLimit = RateLimitMiddleware(limit: ClientRateLimit(perMinute: configuration.requestRateLimit), trusted: configuration.trustedProxies)
        RecaptchaAdminRoute(tokens: gateway.recaptcha).add(to: router, prefix: prefix, adminSecret: configuration.adminSecret, rateLimit: rateLimit)
        SessionsAdminRoute(pool: gateway.pool, dispatcher: gateway.dispatcher).add(
            to: router, prefix: prefix, adminSecret: configuration.adminSecret, rateLimit: rateLimit)
        let api = router.group(RouterPath(prefix.isEmpty ? "/v1" : "\(prefix)/v1"))
            .add(middleware: rateLimit)
            .add(middleware: APIKeyMiddleware(keys: configuration.apiSecrets))
        let answering = AnswerRoute(
            gateway: gateway, catalogue: catalogue, maxBodyBytes: configuration.maxRequestBytes,
            clients: QueueClient(keyed: !configuration.apiSecrets.isEmpty, trusted: configuration.trustedProxies),
            maxPromptCharacters: configuration.maxPromptCharacters)
        let chat = ChatCompletionsRoute(route: answering)
        api.post("chat/completions") { request, context in
            try await chat.handle(request, context: context)
        }
        let responses = ResponsesRoute(route: answering)
        api.post("responses") { request, context in
            try await responses.handle(request, context: context)
        }
        api.get("responses/{id}") { _, context -> Response in
            throw ResponsesRoute.notStored(try context.parameters.require("id"))
        }
        api.delete("responses/{id}") { _, context -> Response in
            throw ResponsesRoute.notStored(try context.parameters.require("id"))
        }
        let images = ImagesRoute(route: answering, fetcher: imageFetcher)
        api.post("images/generations") { request, context in
            try await images.handle(request, context: context)
        }
        let models = ModelsRoute(catalogue: catalogue)
        api.get("models") { _, _ in models.list() }
        api.get("models/{model}") { _, context in
            try models.retrieve(context.parameters.require("model"))
        }
        return router
    }
}
