/// What a client of the gateway must see for a synthesized fixture (`_fixture.expect`).
///
/// Written by the fixture generator independently of the Swift stream parser, so tests check
/// the gateway against a separate oracle.
public struct FixtureExpectation: Codable, Sendable, Equatable {
    /// The OpenAI model name to request.
    public var model: String
    /// The user message to send.
    public var prompt: String
    /// The HTTP status of the answer (a streamed answer with a mid-stream error is still 200).
    public var status: Int
    /// The answer text.
    public var content: String?
    /// The reasoning text.
    public var reasoning: String?
    /// The OpenAI finish reason.
    public var finishReason: String?
    /// The usage the answer must report, when the stream carries it.
    public var usage: Usage?
    /// The error code of an error answer.
    public var errorCode: String?
    /// The error code of the error frame that ends a stream after content.
    public var streamErrorCode: String?
    /// The status a non-streaming request gets when it differs from `status`.
    public var nonStreamStatus: Int?
    /// The `Retry-After` of an error answer.
    public var retryAfter: Int?
    /// The dialect the gateway must speak to get this answer, when not `v2`.
    public var dialect: String?
    /// The `LA_COOKIE` the gateway must use, when the fixture answers per session.
    public var sessions: String?

    /// OpenAI usage figures.
    public struct Usage: Codable, Sendable, Equatable {
        /// Prompt tokens.
        public var promptTokens: Int
        /// Completion tokens.
        public var completionTokens: Int

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }
}
