import Accounts
import ArenaWire
import Foundation
import Hummingbird
import NIOCore
import OpenAISurface

/// `GET`, `POST {prefix}/admin/sessions` and `DELETE {prefix}/admin/sessions/{number}`: the
/// operator lists, adds and removes lmarena sessions while the gateway runs.
///
/// Guarded by `ADMIN_SECRET` and the per-IP limit, like every admin route; without
/// `ADMIN_SECRET` the routes answer 404. No answer ever holds a cookie: a session is shown by
/// number, fingerprint, health, expiry and counts.
struct SessionsAdminRoute: Sendable {
    /// The longest cookie text accepted (a whole pasted `Cookie` header fits).
    static let maxCookieLength = 64 * 1024

    let pool: SessionPool

    func add(to router: Router<GatewayRequestContext>, prefix: String, adminSecret: String?, rateLimit: RateLimitMiddleware) {
        let path = RouterPath("\(prefix)/admin/sessions")
        guard let adminSecret else {
            let off: @Sendable (Request, GatewayRequestContext) async throws -> Response = { _, _ in
                throw OpenAIError(
                    status: 404, message: "the session endpoints are off: set ADMIN_SECRET to enable them", type: .invalidRequest,
                    code: .adminDisabled)
            }
            router.get(path, use: off)
            router.post(path, use: off)
            router.delete(RouterPath("\(prefix)/admin/sessions/{number}"), use: off)
            return
        }
        let group = router.group(path).add(middleware: rateLimit).add(middleware: APIKeyMiddleware(keys: [adminSecret], setting: "ADMIN_SECRET"))
        group.get { _, _ in
            Self.json(["object": "list", "data": pool.entries().map(Self.describe)])
        }
        group.post { request, _ in
            var request = request
            let body = try await RequestBodyLimit.collect(&request, limit: Self.maxCookieLength + 1024)
            let session = try Self.decode(body)
            switch await pool.add(session) {
            case .added(let added):
                return Self.json(["added": true, "session": describe(number: added.number)], status: .created)
            case .replaced(let replaced):
                return Self.json(["added": false, "replaced": true, "session": describe(number: replaced.number)])
            }
        }
        group.delete("{number}") { _, context in
            let raw = try context.parameters.require("number")
            guard let number = Int(raw), number > 0 else {
                throw OpenAIError.invalidRequest("the session number must be a positive integer", param: "number", code: .invalidValue)
            }
            guard let removed = await pool.remove(number) else {
                throw OpenAIError(
                    status: 404, message: "there is no session #\(number)", type: .invalidRequest, param: "number", code: .sessionNotFound)
            }
            return Self.json(["deleted": true, "number": removed.number, "fingerprint": removed.fingerprint])
        }
    }

    /// The session a `{"cookie": "..."}` body holds, in any `LA_COOKIE` form.
    static func decode(_ body: ByteBuffer) throws(OpenAIError) -> ArenaSession {
        let object = try RequestJSON.object(body)
        guard let value = object["cookie"] else {
            throw .invalidRequest("send the session as {\"cookie\": \"...\"}: any form LA_COOKIE takes", param: "cookie")
        }
        guard let text = value as? String else { throw .invalidRequest("cookie must be a string", param: "cookie", code: .invalidType) }
        guard text.count <= maxCookieLength else {
            throw .invalidRequest("cookie is longer than \(maxCookieLength) characters", param: "cookie", code: .invalidValue)
        }
        guard !ArenaSession.holdsControlCharacter(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw .invalidRequest(
                "cookie holds a control character (a line break, NUL or another): no cookie does, so it was not added",
                param: "cookie", code: .invalidValue)
        }
        guard let session = ArenaSession(entry: text, number: 0) else {
            throw .invalidRequest(
                "cookie holds no arena-auth-prod-v1 cookie: send its value (with or without base64-), its chunks joined with '|', or a whole Cookie header",
                param: "cookie", code: .invalidValue)
        }
        return session
    }

    /// One session as the admin view shows it: never a cookie.
    static func describe(_ entry: SessionRoster.Entry) -> [String: Any] {
        var health = "healthy"
        var shown: [String: Any] = [:]
        switch entry.health {
        case .healthy: break
        case .coolingDown(let until):
            let seconds = ContinuousClock.now.duration(to: until).components.seconds
            if seconds > 0 {
                health = "cooling_down"
                shown["resting_seconds"] = seconds
            }
        case .disabled(let reason):
            health = "disabled"
            shown["disabled_reason"] = reason
        }
        shown["number"] = entry.session.number
        shown["fingerprint"] = entry.session.fingerprint
        shown["origin"] = entry.origin == .admin ? "admin" : "LA_COOKIE"
        shown["health"] = health
        shown["expires_at"] = entry.session.claims?.expiresAt.map { Int($0.timeIntervalSince1970) } ?? NSNull()
        shown["anonymous"] = entry.session.claims?.isAnonymous ?? NSNull()
        shown["successes"] = entry.successes
        shown["failures"] = entry.failures
        shown["rotations"] = entry.rotations
        shown["refreshes"] = ["succeeded": entry.refreshesSucceeded, "failed": entry.refreshesFailed]
        return shown
    }

    private func describe(number: Int) -> [String: Any] {
        pool.entries().first { $0.session.number == number }.map(Self.describe) ?? ["number": number]
    }

    private static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
