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
    /// The accounts' paces (`nil`: no pacing).
    let dispatcher: AccountDispatcher?

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
            var buffer = ByteBuffer()
            buffer.writeStaticString("{\"object\":\"list\",\"data\":[")
            let paces = dispatcher?.snapshot().paces ?? [:]
            for (position, entry) in pool.entries().enumerated() {
                if position > 0 { buffer.writeStaticString(",") }
                SessionSummary(entry: entry, pace: paces[entry.session.number], rules: dispatcher?.rules).write(into: &buffer)
            }
            buffer.writeStaticString("]}")
            return Self.json(buffer)
        }
        group.post { request, _ in
            var request = request
            let body = try await RequestBodyLimit.collect(&request, limit: Self.maxCookieLength + 1024)
            let session = try Self.decode(body)
            var buffer = ByteBuffer()
            switch await pool.add(session) {
            case .added(let added):
                buffer.writeStaticString("{\"added\":true,\"session\":")
                summary(of: added.number, into: &buffer)
                buffer.writeStaticString("}")
                return Self.json(buffer, status: .created)
            case .replaced(let replaced):
                buffer.writeStaticString("{\"added\":false,\"replaced\":true,\"session\":")
                summary(of: replaced.number, into: &buffer)
                buffer.writeStaticString("}")
                return Self.json(buffer)
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
            var buffer = ByteBuffer()
            buffer.writeStaticString("{\"deleted\":true,\"number\":")
            buffer.writeString(String(removed.number))
            buffer.writeStaticString(",\"fingerprint\":")
            JSONStringCodec.write(removed.fingerprint, into: &buffer)
            buffer.writeStaticString("}")
            return Self.json(buffer)
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

    /// The summary of session `number`, or `{"number":N}` when it is already gone.
    private func summary(of number: Int, into buffer: inout ByteBuffer) {
        if let entry = pool.entries().first(where: { $0.session.number == number }) {
            SessionSummary(entry: entry, pace: dispatcher?.snapshot().paces[number], rules: dispatcher?.rules).write(into: &buffer)
        } else {
            buffer.writeString("{\"number\":\(number)}")
        }
    }

    private static func json(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }
}
