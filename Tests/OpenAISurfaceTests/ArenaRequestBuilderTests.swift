import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import ArenaWire
@testable import OpenAISurface

struct ArenaRequestBuilderTests {
    static let model = ArenaModel(name: "gpt-4.1-2025-04-14", id: "14e9311c-94d2-40c2-8c54-273947e208b0", modality: .chat)
    static let session = ArenaSession(entry: "base64-secret", number: 1)!

    static func body(_ request: ArenaRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: request.body).utf8)) as? [String: Any])
    }

    @Test func v2SendsASingleUserMessageVerbatim() throws {
        let builder = ArenaRequestBuilder(dialect: .v2, cfClearance: "cf")
        let request = builder.chatRequest(
            model: Self.model, conversation: ArenaConversation(prompt: "Hi\nthere"), session: Self.session, recaptchaToken: "tok")
        #expect(request.url == "https://arena.ai/nextjs-api/stream/create-evaluation")
        #expect(request.method == .POST)
        #expect(request.headers.first(name: "content-type") == "application/json")
        #expect(request.headers.first(name: "accept") == "text/event-stream")
        #expect(request.headers.first(name: "origin") == "https://arena.ai")
        #expect(request.headers.first(name: "referer") == "https://arena.ai/")
        #expect(request.headers.first(name: "cookie") == "cf_clearance=cf; arena-auth-prod-v1=base64-secret")
        let body = try Self.body(request)
        #expect(body["modelAId"] as? String == Self.model.id)
        #expect(body["mode"] as? String == "direct-battle", "a single-model chat, as the site's UI sent it on 2026-06-01")
        #expect(body["modelBMessageId"] == nil, "the site sends no modelB ids for a single-model chat")
        #expect(body["modality"] as? String == "chat")
        #expect(body["recaptchaV3Token"] as? String == "tok")
        let message = try #require(body["userMessage"] as? [String: Any])
        #expect(message["content"] as? String == "Hi\nthere")
        for key in ["id", "userMessageId", "modelAMessageId"] {
            let id = try #require(body[key] as? String)
            #expect(Self.isUUIDv7(id), "\(key) = \(id)")
        }
    }

    @Test func aFollowUpGoesToItsEvaluationWithOnlyTheNewTurnFreshIdsAndNoMode() throws {
        let builder = ArenaRequestBuilder(dialect: .v2)
        let evaluation = "019ac000-0000-7000-8000-000000000001"
        let request = try #require(
            builder.followUpRequest(
                model: Self.model, evaluationID: evaluation, turn: ArenaConversation(prompt: "And 3+3?"), session: Self.session,
                recaptchaToken: "tok"))
        #expect(request.url == "https://arena.ai/nextjs-api/stream/post-to-evaluation/\(evaluation)")
        #expect(request.method == .POST)
        #expect(request.headers.first(name: "cookie") == "arena-auth-prod-v1=base64-secret")
        let body = try Self.body(request)
        #expect(body["id"] as? String == evaluation)
        #expect(body["mode"] == nil)
        #expect(body["recaptchaV3Token"] as? String == "tok")
        #expect((body["userMessage"] as? [String: Any])?["content"] as? String == "And 3+3?")
        for key in ["userMessageId", "modelAMessageId"] {
            let id = try #require(body[key] as? String)
            #expect(Self.isUUIDv7(id) && id != evaluation, "\(key) = \(id)")
        }
        #expect(
            ArenaRequestBuilder(dialect: .legacy).followUpRequest(
                model: Self.model, evaluationID: evaluation, turn: ArenaConversation(prompt: "x"), session: nil, recaptchaToken: nil) == nil)
    }

    @Test func v2FlattensLongerConversations() throws {
        let messages = [
            ChatMessage(role: .system, text: "Be terse."), ChatMessage(role: .user, text: "Hi"),
            ChatMessage(role: .assistant, text: "Hello!"), ChatMessage(role: .user, text: "2+2?"),
        ]
        let request = ArenaRequestBuilder(dialect: .v2).chatRequest(
            model: Self.model, conversation: ConversationPrompt.conversation(messages), session: nil, recaptchaToken: nil)
        let body = try Self.body(request)
        let content = (body["userMessage"] as? [String: Any])?["content"] as? String
        #expect(content == "[System]\nBe terse.\n\n[User]\nHi\n\n[Assistant]\nHello!\n\n[User]\n2+2?")
        #expect(body["recaptchaV3Token"] == nil)
        #expect(request.headers.first(name: "cookie") == nil)
    }

    @Test func legacySendsTheMessageTree() throws {
        let messages = [
            ChatMessage(role: .system, text: "S"), ChatMessage(role: .user, text: "U1"),
            ChatMessage(role: .assistant, text: "A1"), ChatMessage(role: .user, text: "U2"),
        ]
        let builder = ArenaRequestBuilder(dialect: .legacy, baseURL: "http://127.0.0.1:9/")
        let request = builder.chatRequest(
            model: Self.model, conversation: ConversationPrompt.conversation(messages), session: Self.session, recaptchaToken: "ignored")
        #expect(request.url == "http://127.0.0.1:9/api/stream/create-evaluation")
        let body = try Self.body(request)
        let tree = try #require(body["messages"] as? [[String: Any]])
        #expect(tree.map { $0["role"] as? String } == ["user", "user", "assistant", "user", "assistant"])
        #expect(tree.map { $0["content"] as? String } == ["S", "U1", "A1", "U2", ""])
        #expect((tree[0]["parentMessageIds"] as? [String])?.isEmpty == true)
        for index in 1..<tree.count {
            #expect(tree[index]["parentMessageIds"] as? [String] == [tree[index - 1]["id"] as! String])
        }
        #expect(tree[0]["modelId"] is NSNull)
        #expect(tree[4]["modelId"] as? String == Self.model.id)
        #expect(body["userMessageId"] as? String == tree[3]["id"] as? String)
        #expect(body["modelAMessageId"] as? String == tree[4]["id"] as? String)
        #expect(tree.allSatisfy { $0["evaluationSessionId"] as? String == body["id"] as? String })
        #expect(body["recaptchaV3Token"] == nil)
    }

    @Test func splitSessionCookieIsSentAsTwoHalves() {
        let session = ArenaSession(entry: " arena-auth-prod-v1.0=base64-aaa | bbb ", number: 2)
        #expect(session?.cookieHeader(cfClearance: nil) == "arena-auth-prod-v1.0=base64-aaa; arena-auth-prod-v1.1=bbb")
        #expect(session?.description == "session #2 (\(session?.fingerprint ?? ""))")
        #expect(session?.fingerprint.count == 6)
        #expect(ArenaSession.parseList("a, ,b,").map(\.number) == [1, 2])
        #expect(ArenaSession(entry: "  ", number: 1) == nil)
    }

    @Test func uuidV7HasTimeVersionAndVariant() {
        var generator = SystemRandomNumberGenerator()
        let id = ArenaIdentifier.uuidV7(milliseconds: 0x0192_3456_789A, using: &generator)
        #expect(id.hasPrefix("01923456-789a-7"))
        #expect(Self.isUUIDv7(id))
        #expect(ArenaIdentifier.uuidV7() != ArenaIdentifier.uuidV7())
    }

    static func isUUIDv7(_ id: String) -> Bool {
        let parts = id.split(separator: "-")
        guard parts.map(\.count) == [8, 4, 4, 4, 12], id.allSatisfy({ $0 == "-" || $0.isHexDigit }) else { return false }
        return parts[2].first == "7" && "89ab".contains(parts[3].first!)
    }

    @Test func attachmentsGoWithTheOneV2UserMessageAndTheTranscriptMarksEachImage() throws {
        var first = ChatMessage(role: .user, text: "Look.")
        first.images = [ImageReference(url: "u1", param: "p1")]
        var second = ChatMessage(role: .user, text: "")
        second.images = [ImageReference(url: "u2", param: "p2")]
        let messages = [first, ChatMessage(role: .assistant, text: "A cat."), second]
        #expect(ConversationPrompt.flatten(messages) == "[User]\nLook.\n[Image 1]\n\n[Assistant]\nA cat.\n\n[User]\n[Image 2]")
        #expect(ConversationPrompt.flatten([first]) == "Look.", "one user message goes up verbatim, as the site sends it")
        let attachments = [
            ArenaAttachment(name: "image-1.png", contentType: "image/png", url: "https://s/1"),
            ArenaAttachment(name: "image-2.gif", contentType: "image/gif", url: "https://s/2"),
        ]
        let model = Self.model
        let v2 = try Self.body(
            ArenaRequestBuilder(dialect: .v2).chatRequest(
                model: model, conversation: ConversationPrompt.conversation(messages), session: nil, recaptchaToken: nil, attachments: attachments))
        let sent = (v2["userMessage"] as? [String: Any])?["experimental_attachments"] as? [[String: String]]
        #expect(
            sent == [
                ["name": "image-1.png", "contentType": "image/png", "url": "https://s/1"],
                ["name": "image-2.gif", "contentType": "image/gif", "url": "https://s/2"],
            ])
        let legacy = try Self.body(
            ArenaRequestBuilder(dialect: .legacy).chatRequest(
                model: model, conversation: ConversationPrompt.conversation(messages), session: nil, recaptchaToken: nil, attachments: attachments))
        let tree = try #require(legacy["messages"] as? [[String: Any]])
        #expect(
            tree.map { ($0["experimental_attachments"] as? [[String: String]])?.map { $0["name"] ?? "" } ?? [] }
                == [["image-1.png"], [], ["image-2.gif"], []], "the legacy tree keeps each image on its own message")
    }

}
