/// An image a client put in a message: an `image_url` part of a chat message, or an
/// `input_image` part of a Responses input item. Its bytes are read later (``ImageIntake``).
package struct ImageReference: Sendable, Equatable {
    /// A `data:` URL or an `http(s)` URL, as the client sent it.
    package var url: String
    /// Where the part sits in the request, e.g. `messages[1].content[2]`, for error messages.
    package var param: String

    /// Creates a reference.
    package init(url: String, param: String) {
        self.url = url
        self.param = param
    }

    /// The URL for logs and error messages: a `data:` URL is shortened to its media type and length.
    package var shortDescription: String {
        if url.hasPrefix("data:") {
            let header = url.prefix(while: { $0 != "," }).prefix(60)
            return "\(header),... (\(url.utf8.count) characters)"
        }
        // The query may hold the image host's own signature: it is left out.
        let bare = url.prefix(while: { $0 != "?" && $0 != "#" })
        let shown = bare.count > 200 ? String(bare.prefix(200)) + "..." : String(bare)
        return bare.count < url.count ? shown + "?..." : shown
    }
}
