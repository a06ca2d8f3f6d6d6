/// Why an image of a request cannot go up to lmarena: always the client's to fix, naming the part
/// of the request it is about. The server layer tells it as a 400, or a 413 for an image too large.
package struct ImageRefusal: Error, Sendable, Equatable {
    /// What kind of refusal it is.
    package enum Reason: Sendable, Equatable {
        /// The URL cannot be read, or its bytes are not an image, or there are too many.
        case invalid
        /// The image is over `MAX_IMAGE_BYTES`.
        case tooLarge
    }

    /// What kind of refusal it is.
    package var reason: Reason
    /// A sentence that names the part and what to do.
    package var message: String
    /// The request field it is about (`messages[0].content[1].image_url`).
    package var param: String?
    /// A stable code (`invalid_image_url`, `image_too_large` ...).
    package var code: String

    /// A refusal.
    package init(reason: Reason, message: String, param: String?, code: String) {
        self.reason = reason
        self.message = message
        self.param = param
        self.code = code
    }

    /// An image the request names that cannot be used as it is.
    static func invalid(_ message: String, param: String?, code: String) -> ImageRefusal {
        ImageRefusal(reason: .invalid, message: message, param: param, code: code)
    }
}
