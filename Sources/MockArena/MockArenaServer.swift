import ArenaWire
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Recorder

/// MockArena over HTTP: answers lmarena requests of both dialects from fixtures, each chunk a
/// separate write at its recorded offset divided by the speed.
///
/// Admin endpoints: `GET /_mockarena/health`, `POST /_mockarena/reset` (start sequences over),
/// `GET /_mockarena/unserved` (entries never served, for pruning stale fixtures).
public enum MockArenaServer {
    /// The largest request body MockArena reads.
    static let maxRequestBytes = 64 * 1024 * 1024

    /// The router serving `replayer` at `speed` (0 sends every chunk at once, still as separate writes).
    public static func router(replayer: FixtureReplayer, speed: Double, site: SiteGate = SiteGate(), logger: Logger) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("/_mockarena/health") { _, _ in
            jsonResponse(["entries": replayer.store.entries.count, "unserved": replayer.unservedEntries.count])
        }
        router.post("/_mockarena/reset") { _, _ in
            replayer.reset()
            return jsonResponse(["reset": true])
        }
        router.get("/_mockarena/unserved") { _, _ in
            jsonResponse(["unserved": replayer.unservedEntries])
        }
        // What arrived at the upload store, and the attachments chat requests pointed at.
        router.get("/_mockarena/uploads") { _, _ in
            jsonResponse([
                "objects": replayer.uploads.objects.map {
                    ["key": $0.key, "bytes": $0.bytes.readableBytes, "contentType": $0.contentType, "sha256": $0.sha256]
                },
                "attachments": replayer.uploads.attachments.map {
                    ["name": $0.name, "contentType": $0.contentType, "key": $0.key, "sha256": $0.sha256]
                },
            ])
        }
        let replay: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            try await respond(to: request, replayer: replayer, speed: speed, site: site, logger: logger)
        }
        // The upload store sits under /_mockarena, whose own routes would hide it from `**`.
        router.on("/_mockarena/uploads/**", method: .put, use: replay)
        router.on("/_mockarena/uploads/**", method: .get, use: replay)
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            router.on("**", method: method, use: replay)
            // `**` needs a path segment: the site's front page (a session refresh) is routed by itself.
            router.on("/", method: method, use: replay)
        }
        return router
    }

    /// The application serving `replayer` on `host`:`port` (0 picks a free port; `onServerRunning` learns it).
    public static func application(
        replayer: FixtureReplayer, speed: Double, site: SiteGate = SiteGate(), host: String, port: Int, logger: Logger,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(replayer: replayer, speed: speed, site: site, logger: logger),
            server: .http1(configuration: .init(additionalChannelHandlers: site.clockOffset == .zero ? [] : [SiteDateHandler(site: site)])),
            configuration: .init(address: .hostname(host, port: port), serverName: "MockArena"),
            onServerRunning: onServerRunning,
            logger: logger)
    }

    static func respond(to request: Request, replayer: FixtureReplayer, speed: Double, site: SiteGate, logger: Logger) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: maxRequestBytes)
        // The site's judgement of the account and the ids (mock --pace, --clock-offset).
        var judged: String?
        if site.isActive, request.method == .post, request.uri.path.hasPrefix("/nextjs-api/stream/") {
            let (verdict, account) = site.judge(headers: request.headers, body: String(buffer: body))
            switch verdict {
            case .allowed:
                judged = account
            case .penalized:
                return Response(
                    status: .forbidden, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: ArenaVocabulary.ErrorBody.recaptchaRejected)))
            case .spoofedID:
                return Response(
                    status: .badRequest, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"error":"Evaluation session ID seems spoofed, offset too big"}"#)))
            }
        }
        let release: @Sendable () -> Void = { [judged] in if let judged { site.ended(account: judged) } }
        let replayRequest = ReplayRequest(
            method: request.method.rawValue, url: request.uri.string,
            headers: request.headers.map { (name: $0.name.rawName, value: $0.value) }, body: String(buffer: body), bytes: body)
        let resolution = replayer.resolve(replayRequest)
        if case .entry = resolution {} else { release() }
        switch resolution {
        case .synthetic(let answer):
            var headers: HTTPFields = [.contentType: answer.contentType]
            headers[.contentLength] = "\(answer.body.readableBytes)"
            return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: answer.body))
        case .recaptchaRejected:
            return Response(
                status: .forbidden, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: ArenaVocabulary.ErrorBody.recaptchaRejected)))
        case .miss(let miss):
            return Response(
                status: .init(code: ReplayMiss.status, reasonPhrase: "MockArena No Match"),
                headers: [.contentType: "application/json", HTTPField.Name("X-MockArena")!: "no-match"],
                body: .init(byteBuffer: miss.body))
        case .entry(let entry):
            let origin = "http://" + (request.head.authority ?? "127.0.0.1")
            let plan = entry.plan.substituting(origin: origin, for: replayRequest)
            let clock = ReplayClock(speed: speed)
            try await clock.sleep(untilMs: plan.headMs)
            let head = plan.responseHead
            logger.info("replaying \(entry.name): \(plan.status), \(plan.chunks.count) chunks")
            let collected = request
            return Response(
                status: head.status, headers: head.headers,
                body: ResponseBody { writer in
                    replayer.beginReplay(entry)
                    defer {
                        replayer.endReplay(entry)
                        release()
                    }
                    do {
                        try await collected.body.consumeWithCancellationOnInboundClose { _ in
                            try await write(plan, clock: clock, into: &writer)
                        }
                    } catch is CancellationError {
                        replayer.noteAbandoned(entry)
                        throw CancellationError()
                    }
                    try await writer.finish(nil)
                })
        }
    }

    private static func write(_ plan: ReplayPlan, clock: ReplayClock, into writer: inout any ResponseBodyWriter) async throws {
        for index in 0...plan.chunks.count {
            if let fault = plan.fault, index == min(fault.afterChunks, plan.chunks.count) {
                switch fault.kind {
                case .reset: throw ReplayFault.reset(afterChunks: index)
                case .stall: try await ReplayClock.sleepUntilCancelled()
                }
            }
            guard index < plan.chunks.count else { return }
            let chunk = plan.chunks[index]
            try await clock.sleep(untilMs: chunk.offsetMs)
            try await writer.write(chunk.bytes)
        }
    }

    private static func jsonResponse(_ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
