import Testing

@testable import OpenAISurface

/// The key of a conversation, and a request seen as a known conversation plus a new turn.
struct ConversationKeyTests {
    static let tools = [FunctionTool(name: "get_weather", description: "Weather", parameters: .object(["type": .string("object")]))]
    static let first: [ChatMessage] = [
        ChatMessage(role: .system, text: "Be brief."), ChatMessage(role: .user, text: "Hi"), ChatMessage(role: .assistant, text: "Hello!"),
    ]

    static func key(_ messages: [ChatMessage], model: String = "m", tools: [FunctionTool] = tools) -> ConversationKey {
        ConversationKey(model: model, tools: tools, messages: messages)
    }

    @Test func theSameConversationHasTheSameKeyAndAnyChangeAnother() {
        let base = Self.key(Self.first)
        #expect(Self.key(Self.first) == base)
        #expect(base.digest.count == 64)
        var edited = Self.first
        edited[1].text = "Hi!"
        var otherRole = Self.first
        otherRole[1].role = .assistant
        var called = Self.first
        called[2].toolCalls = [ToolCall(id: "call_1", name: "get_weather", arguments: "{}")]
        var instructed = Self.first
        instructed[0].text = "Be long."
        let others = [
            Self.key(edited), Self.key(otherRole), Self.key(called), Self.key(instructed), Self.key(Self.first, model: "other"),
            Self.key(Self.first, tools: []), Self.key(Array(Self.first.prefix(2))),
        ]
        #expect(!others.contains(base))
        #expect(Set(others).count == others.count)
        // Fields cannot run into each other: "ab" + "c" is not "a" + "bc".
        #expect(
            Self.key([ChatMessage(role: .user, text: "ab"), ChatMessage(role: .user, text: "c")])
                != Self.key([ChatMessage(role: .user, text: "a"), ChatMessage(role: .user, text: "bc")]))
        // OpenAI's two names for instructions are one role.
        var developer = Self.first
        developer[0].role = .developer
        #expect(Self.key(developer) == base)
    }

    @Test func aNewTurnAfterTheLastAnswerSplitsOffItsKnownConversation() throws {
        let next = Self.first + [ChatMessage(role: .user, text: "And now?")]
        let split = try #require(ConversationSplit(model: "m", tools: Self.tools, messages: next))
        #expect(split.known == Self.key(Self.first))
        #expect(split.newTurn == [ChatMessage(role: .user, text: "And now?")])
        let results = Self.first + [ChatMessage(role: .tool, text: "sunny", toolCallID: "call_1"), ChatMessage(role: .user, text: "So?")]
        #expect(try #require(ConversationSplit(model: "m", tools: Self.tools, messages: results)).newTurn.count == 2)
    }

    @Test func aRequestWithoutAnEarlierAnswerOrANewTurnIsNoFollowUp() {
        #expect(ConversationSplit(model: "m", tools: [], messages: [ChatMessage(role: .user, text: "Hi")]) == nil)
        #expect(ConversationSplit(model: "m", tools: [], messages: Self.first) == nil)
        let changedInstructions = Self.first + [ChatMessage(role: .system, text: "Now be long."), ChatMessage(role: .user, text: "Go")]
        #expect(ConversationSplit(model: "m", tools: [], messages: changedInstructions) == nil)
    }
}
