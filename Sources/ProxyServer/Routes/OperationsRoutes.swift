import Accounts
import ArenaWire
import GatewayCore
import Hummingbird
import NIOCore

/// `GET /healthz` (alive), `GET /readyz` (a session is usable) and `GET /metrics` (Prometheus),
/// outside the route prefix and without a key, for orchestrators and scrapers.
struct OperationsRoutes: Sendable {
    let gateway: ArenaGateway
    let catalogue: ModelCatalogue
    let recaptchaTokenCount: @Sendable () -> Int

    func add(to router: Router<GatewayRequestContext>) {
        router.get("/healthz") { _, _ in "ok" }
        router.get("/readyz") { _, _ in
            let usable = gateway.pool.healthyCount()
            let body: String
            if let problem = gateway.watch.unreachable() {
                body = "not ready: lmarena cannot be reached (every attempt in the last minute failed to connect: \(problem))"
            } else {
                body = usable > 0 ? "ready: \(usable) usable sessions" : "not ready: no usable lmarena session (see LA_COOKIE)"
            }
            let ready = body.hasPrefix("ready")
            return Response(
                status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/metrics") { _, _ in
            var text = gateway.metrics.exposition(
                sessions: sessionStates(), rateLimitRemaining: rateLimitRemaining(), recaptchaTokens: recaptchaTokenCount())
            text += SessionMetrics.exposition(gateway.pool.entries(), dispatcher: gateway.dispatcher)
            text += "# HELP lmarena2api_models Models served now.\n# TYPE lmarena2api_models gauge\n"
            text += "lmarena2api_models \(catalogue.current.models.count)\n"
            if let age = catalogue.age() {
                text += "# HELP lmarena2api_model_catalog_age_seconds Seconds since lmarena's model catalogue was last read well.\n"
                text += "# TYPE lmarena2api_model_catalog_age_seconds gauge\nlmarena2api_model_catalog_age_seconds \(Int(age))\n"
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }

    /// Each session's last `ratelimit` remaining, by session number (never by cookie).
    private func rateLimitRemaining() -> [Int: Int] {
        var remaining: [Int: Int] = [:]
        for entry in gateway.pool.entries() {
            if let left = entry.rateLimitRemaining { remaining[entry.session.number] = left }
        }
        return remaining
    }

    /// Sessions by state, every state present.
    private func sessionStates() -> [String: Int] {
        var counts = ["healthy": 0, "cooling_down": 0, "disabled": 0]
        let now = ContinuousClock.now
        for entry in gateway.pool.entries() {
            switch entry.health {
            case .healthy: counts["healthy", default: 0] += 1
            case .coolingDown(let until): counts[until <= now ? "healthy" : "cooling_down", default: 0] += 1
            case .disabled: counts["disabled", default: 0] += 1
            }
        }
        return counts
    }
}
