import Foundation
import NIOCore
import NIOHTTP1

/// Builds the upstream request for a chat completion in either dialect (docs/UPSTREAM.md).
public struct ArenaRequestBuilder: Sendable, ConcealsSecrets {
    /// The browser User-Agent sent when `USER_AGENT` is not set.
    public static let defaultUserAgent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36"

    /// The API version spoken.
    public var dialect: ArenaDialect
    /// Origin of the site, without a trailing slash.
    public var baseURL: String
    /// User-Agent header; must match the browser that earned `cf_clearance`.
    public var userAgent: String
    /// The `cf_clearance` cookie value, sent with every request when set.
    public var cfClearance: String?

    /// Creates a builder; a trailing slash on `baseURL` is dropped.
    public init(dialect: ArenaDialect, baseURL: String? = nil, userAgent: String = ArenaRequestBuilder.defaultUserAgent, cfClearance: String? = nil) {
        self.dialect = dialect
        var base = baseURL ?? dialect.defaultBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.userAgent = userAgent
        self.cfClearance = cfClearance
    }

    /// The request that starts a new evaluation of `model` on `conversation`, with the uploaded
    /// images of its turns as `attachments` (in the order of the turns' images).
    public func chatRequest(
        model: ArenaModel, conversation: ArenaConversation, session: ArenaSession?, recaptchaToken: String?, attachments: [ArenaAttachment] = [],
        now: Date = Date()
    ) -> ArenaRequest {
        let body: [String: Any]
        switch dialect {
        case .v2: body = v2Body(model: model, conversation: conversation, recaptchaToken: recaptchaToken, attachments: attachments, now: now)
        case .legacy: body = legacyBody(model: model, conversation: conversation, attachments: attachments)
        }
        return streamRequest(path: dialect.createEvaluationPath, body: body, session: session)
    }

    /// The request that continues evaluation `evaluationID` (`v2` only; `nil` for `legacy`):
    /// `POST /nextjs-api/stream/post-to-evaluation/{id}` with the create-evaluation body for the
    /// new turn only, the evaluation's `id`, fresh message ids, and no `mode`.
    public func followUpRequest(
        model: ArenaModel, evaluationID: String, turn: ArenaConversation, session: ArenaSession?, recaptchaToken: String?,
        attachments: [ArenaAttachment] = [], now: Date = Date()
    ) -> ArenaRequest? {
        guard dialect == .v2 else { return nil }
        var body = v2Body(model: model, conversation: turn, recaptchaToken: recaptchaToken, attachments: attachments, now: now)
        body["id"] = evaluationID
        body["mode"] = nil
        let path = ArenaVocabulary.Path.v2PostToEvaluation + (evaluationID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "")
        return streamRequest(path: path, body: body, session: session)
    }

    /// A streaming `POST` of `body` to `path`, with the dialect's headers and the session's cookies.
    private func streamRequest(path: String, body: [String: Any], session: ArenaSession?) -> ArenaRequest {
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        var headers = HTTPHeaders()
        switch dialect {
        case .v2:
            // As the site's page sent it (capture of 2026-06-01).
            headers.add(name: "content-type", value: "application/json")
            headers.add(name: "accept", value: "text/event-stream")
        case .legacy:
            headers.add(name: "content-type", value: "text/plain;charset=UTF-8")
            headers.add(name: "accept", value: "*/*")
        }
        headers.add(name: "origin", value: baseURL)
        headers.add(name: "referer", value: baseURL + "/")
        headers.add(name: "user-agent", value: userAgent)
        if session != nil || !(cfClearance ?? "").isEmpty {
            let cookie = session?.cookieHeader(cfClearance: cfClearance) ?? "cf_clearance=\(cfClearance ?? "")"
            headers.add(name: "cookie", value: cookie)
        }
        return ArenaRequest(method: .POST, url: baseURL + path, headers: headers, body: ByteBuffer(bytes: data))
    }

    /// The request for the model catalogue (`GET /nextjs-api/model-catalog`), with the session's
    /// cookies when there is one (the endpoint also answers anonymously).
    public func catalogRequest(session: ArenaSession?) -> ArenaRequest {
        var headers = HTTPHeaders()
        headers.add(name: "accept", value: "application/json")
        headers.add(name: "referer", value: baseURL + "/")
        headers.add(name: "user-agent", value: userAgent)
        if session != nil || !(cfClearance ?? "").isEmpty {
            headers.add(name: "cookie", value: session?.cookieHeader(cfClearance: cfClearance) ?? "cf_clearance=\(cfClearance ?? "")")
        }
        return ArenaRequest(method: .GET, url: baseURL + ArenaVocabulary.Path.v2ModelCatalog, headers: headers, body: ByteBuffer())
    }

    /// `GET {LMARENA_BASE_URL}/` with the session's cookies, as a browser loads the site: the
    /// site's middleware answers a session near expiry with its rotated `Set-Cookie`.
    public func pageRequest(session: ArenaSession) -> ArenaRequest {
        var headers = HTTPHeaders()
        headers.add(name: "accept", value: "text/html,application/xhtml+xml")
        headers.add(name: "user-agent", value: userAgent)
        headers.add(name: "cookie", value: session.cookieHeader(cfClearance: cfClearance))
        return ArenaRequest(method: .GET, url: baseURL + "/", headers: headers, body: ByteBuffer())
    }

    private func v2Body(
        model: ArenaModel, conversation: ArenaConversation, recaptchaToken: String?, attachments: [ArenaAttachment], now: Date
    ) -> [String: Any] {
        var body: [String: Any] = [
            "id": ArenaIdentifier.uuidV7(now: now),
            // A single-model chat, as the site's UI sends it (capture of 2026-06-01): no modelB ids.
            "mode": "direct-battle",
            ArenaVocabulary.Field.modelAId: model.id,
            "userMessageId": ArenaIdentifier.uuidV7(now: now),
            "modelAMessageId": ArenaIdentifier.uuidV7(now: now),
            ArenaVocabulary.Field.userMessage: [
                ArenaVocabulary.Field.content: conversation.prompt,
                // One user message goes up: it carries the images of every turn (the transcript says which).
                "experimental_attachments": attachments.map(\.json),
                "metadata": [String: Any](),
            ] as [String: Any],
            ArenaVocabulary.Field.modality: model.modality.rawValue,
        ]
        if let recaptchaToken, !recaptchaToken.isEmpty {
            body[ArenaVocabulary.Field.recaptchaV3Token] = recaptchaToken
        }
        return body
    }

    private func legacyBody(model: ArenaModel, conversation: ArenaConversation, attachments: [ArenaAttachment]) -> [String: Any] {
        let evaluationID = ArenaIdentifier.uuidV4()
        var tree: [[String: Any]] = []
        var parentID: String?
        var lastUserID: String?
        var unattached = attachments[...]
        for turn in conversation.turns where !turn.text.isEmpty || turn.imageCount > 0 {
            let id = ArenaIdentifier.uuidV4()
            let isAssistant = turn.byModel
            if !isAssistant { lastUserID = id }
            // The legacy tree keeps each image on the message that carried it.
            let own = unattached.prefix(turn.imageCount)
            unattached = unattached.dropFirst(own.count)
            tree.append(
                legacyMessage(
                    id: id, role: isAssistant ? "assistant" : "user", content: turn.text, parentID: parentID,
                    modelID: isAssistant ? model.id : nil, evaluationID: evaluationID, attachments: Array(own)))
            parentID = id
        }
        let answerID = ArenaIdentifier.uuidV4()
        tree.append(
            legacyMessage(
                id: answerID, role: "assistant", content: "", parentID: parentID, modelID: model.id, evaluationID: evaluationID, attachments: []))
        return [
            "id": evaluationID,
            "mode": "direct",
            ArenaVocabulary.Field.modelAId: model.id,
            "userMessageId": lastUserID ?? parentID ?? answerID,
            "modelAMessageId": answerID,
            ArenaVocabulary.Field.modality: model.modality.rawValue,
            ArenaVocabulary.Field.messages: tree,
        ]
    }

    private func legacyMessage(
        id: String, role: String, content: String, parentID: String?, modelID: String?, evaluationID: String, attachments: [ArenaAttachment]
    ) -> [String: Any] {
        [
            "id": id,
            "role": role,
            "content": content,
            "experimental_attachments": attachments.map(\.json),
            "parentMessageIds": parentID.map { [$0] } ?? [],
            "participantPosition": "a",
            "modelId": modelID ?? NSNull(),
            "evaluationSessionId": evaluationID,
            "status": "pending",
            "failureReason": NSNull(),
        ]
    }
}
