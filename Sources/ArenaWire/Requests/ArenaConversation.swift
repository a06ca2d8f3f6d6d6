/// A conversation as lmarena takes it, in its own terms: what the person and the model said, and
/// the one prompt a new evaluation carries.
///
/// The `v2` dialect sends `prompt` as one user message (the whole transcript flattened into it);
/// the legacy dialect sends `turns` as its message tree. The OpenAI layer writes both from a
/// chat request's messages.
public struct ArenaConversation: Sendable, Equatable {
    /// One message of the conversation.
    public struct Turn: Sendable, Equatable {
        /// Whether the model said it (an assistant message) rather than the person.
        public var byModel: Bool
        /// Its text.
        public var text: String
        /// How many images it carried, in the order of the request's attachments.
        public var imageCount: Int

        /// A turn.
        public init(byModel: Bool, text: String, imageCount: Int = 0) {
            self.byModel = byModel
            self.text = text
            self.imageCount = imageCount
        }
    }

    /// The text of the one user message a `v2` evaluation starts with.
    public var prompt: String
    /// The messages with text or images, in order, for the legacy dialect's tree.
    public var turns: [Turn]

    /// A conversation.
    public init(prompt: String, turns: [Turn]) {
        self.prompt = prompt
        self.turns = turns
    }

    /// A conversation of one message from the person (image generation, the catalogue probe).
    public init(prompt: String) {
        self.init(prompt: prompt, turns: [Turn(byModel: false, text: prompt)])
    }
}
