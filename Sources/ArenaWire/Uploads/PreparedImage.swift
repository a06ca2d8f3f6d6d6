import Crypto
import NIOCore

/// An image whose bytes have been read and recognised, ready to go up to lmarena.
public struct PreparedImage: Sendable {
    /// The bytes, as the client sent them: never re-encoded.
    public var bytes: ByteBuffer
    /// The format its first bytes say it is.
    public var format: ImageFormat
    /// The SHA-256 of the bytes in lower-case hex: what a signed URL is cached under.
    public var digest: String
    /// The file name it goes up as: `image-1.png`, numbered in the order of the request.
    public var name: String
    /// Where the part sat in the request, e.g. `messages[1].content[2]`.
    public var param: String

    /// Prepares the image at position `number` (from 1) of a request from its bytes and format.
    public init(bytes: ByteBuffer, format: ImageFormat, number: Int, param: String) {
        self.bytes = bytes
        self.format = format
        self.digest = Self.sha256(bytes)
        self.name = "image-\(number).\(format.fileExtension)"
        self.param = param
    }

    /// The lower-case hex SHA-256 of `bytes`.
    public static func sha256(_ bytes: ByteBuffer) -> String {
        let digest = bytes.withUnsafeReadableBytes { SHA256.hash(data: $0) }
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

/// What an image became on lmarena's storage: the entry of a user message's `experimental_attachments`.
public struct ArenaAttachment: Sendable, Equatable {
    /// The file name (`image-1.png`).
    public var name: String
    /// Its media type (`image/png`).
    public var contentType: String
    /// The signed URL lmarena reads it from.
    public var url: String

    /// Creates an attachment.
    public init(name: String, contentType: String, url: String) {
        self.name = name
        self.contentType = contentType
        self.url = url
    }

    /// The JSON object the site sends.
    var json: [String: Any] {
        ["name": name, "contentType": contentType, "url": url]
    }
}
