import ArenaWire
import Foundation
import NIOCore

/// The answer to an image generation: the images' URLs, or their bytes when the request asked
/// for `b64_json`.
package struct GeneratedImages: Sendable {
    /// Where lmarena put each image.
    package let urls: [String]
    /// Each image's bytes, in the order of `urls`; `nil` answers with the URLs.
    package var bytes: [ByteBuffer]?
    /// `created`, in seconds since 1970.
    let created: Int

    /// The images at `urls`, generated at `now`.
    package init(urls: [String], now: Date = Date()) {
        self.urls = urls
        created = Int(now.timeIntervalSince1970)
    }

    /// `{"created":…,"data":[{"url":…} or {"b64_json":…}, …]}`.
    package func body() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeStaticString("{\"created\":")
        buffer.writeString(String(created))
        buffer.writeStaticString(",\"data\":[")
        if let bytes {
            for (position, image) in bytes.enumerated() {
                buffer.writeStaticString(position > 0 ? ",{\"b64_json\":\"" : "{\"b64_json\":\"")
                buffer.writeString(Data(image.readableBytesView).base64EncodedString())
                buffer.writeStaticString("\"}")
            }
        } else {
            for (position, url) in urls.enumerated() {
                buffer.writeStaticString(position > 0 ? ",{\"url\":" : "{\"url\":")
                JSONStringCodec.write(url, into: &buffer)
                buffer.writeStaticString("}")
            }
        }
        buffer.writeStaticString("]}")
        return buffer
    }
}
