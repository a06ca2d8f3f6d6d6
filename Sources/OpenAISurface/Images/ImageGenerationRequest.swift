import Foundation
import NIOCore

/// The parts of an OpenAI `POST /v1/images/generations` request the gateway acts on.
package struct ImageGenerationRequest: Sendable, Equatable {
    /// The sizes OpenAI's image models accept. lmarena takes no size, so it is validated, not sent.
    static let sizes: Set<String> = ["auto", "256x256", "512x512", "1024x1024", "1792x1024", "1024x1792", "1536x1024", "1024x1536"]

    /// How images are returned.
    package enum ResponseFormat: String, Sendable {
        /// The image's URL, as lmarena gave it.
        case url
        /// The image's bytes, fetched by the gateway, in base64.
        case b64JSON = "b64_json"
    }

    /// What to draw.
    package var prompt: String
    /// The model name, `nil` for the default image model.
    package var model: String?
    /// How many images: each is one upstream generation.
    package var count: Int
    /// The requested size, when given.
    var size: String?
    /// URL or base64.
    package var responseFormat: ResponseFormat

    /// Decodes and validates a request body; errors name the field.
    package static func decode(_ body: ByteBuffer) throws(OpenAIError) -> ImageGenerationRequest {
        let object = try RequestJSON.object(body)
        let prompt = try RequestJSON.requiredString(object, "prompt")
        guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalidRequest("prompt must not be empty", param: "prompt", code: .invalidValue)
        }
        var model: String?
        if let raw = object["model"], !(raw is NSNull) {
            guard let name = raw as? String, !name.isEmpty else {
                throw .invalidRequest("model must be a string", param: "model", code: .invalidType)
            }
            model = name
        }
        var count = 1
        if let raw = object["n"], !(raw is NSNull) {
            guard let number = raw as? NSNumber, JSONBoolean.value(of: raw) == nil, number.doubleValue == Double(number.intValue),
                (1...10).contains(number.intValue)
            else {
                throw .invalidRequest("n must be a whole number from 1 to 10", param: "n", code: .invalidValue)
            }
            count = number.intValue
        }
        var size: String?
        if let raw = object["size"], !(raw is NSNull) {
            guard let text = raw as? String, sizes.contains(text) else {
                throw .invalidRequest("size must be one of \(sizes.sorted().joined(separator: ", "))", param: "size", code: .invalidValue)
            }
            size = text
        }
        var format = ResponseFormat.url
        if let raw = object["response_format"], !(raw is NSNull) {
            guard let text = raw as? String, let parsed = ResponseFormat(rawValue: text) else {
                throw .invalidRequest("response_format must be 'url' or 'b64_json'", param: "response_format", code: .invalidValue)
            }
            format = parsed
        }
        return ImageGenerationRequest(prompt: prompt, model: model, count: count, size: size, responseFormat: format)
    }
}
