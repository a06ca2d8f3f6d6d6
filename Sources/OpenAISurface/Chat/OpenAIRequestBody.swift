import NIOCore

/// A request body an endpoint decodes and validates: the one step of the route skeleton that
/// differs between endpoints before the answer.
package protocol OpenAIRequestBody: Sendable {
    /// Decodes and validates `body`; a bad body is a 400 naming what is wrong.
    static func decode(_ body: ByteBuffer) throws(OpenAIError) -> Self
}

extension ChatCompletionRequest: OpenAIRequestBody {}
extension ResponsesRequest: OpenAIRequestBody {}
extension ImageGenerationRequest: OpenAIRequestBody {}
