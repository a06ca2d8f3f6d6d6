import NIOCore

/// The image formats lmarena's vision models take, recognised by their first bytes, never by a
/// URL's extension or a declared media type.
public enum ImageFormat: String, Sendable, CaseIterable {
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    case png
    /// JPEG (`FF D8 FF`).
    case jpeg
    /// WebP (`RIFF` .... `WEBP`).
    case webp
    /// GIF (`GIF87a` or `GIF89a`).
    case gif

    /// The media type sent as the attachment's `contentType`.
    public var mimeType: String {
        switch self {
        case .png: return "image/png"
        case .jpeg: return "image/jpeg"
        case .webp: return "image/webp"
        case .gif: return "image/gif"
        }
    }

    /// The file name extension, without the dot.
    public var fileExtension: String {
        self == .jpeg ? "jpg" : rawValue
    }

    /// The format whose signature `bytes` start with, or `nil` when none does.
    public static func sniff(_ bytes: ByteBuffer) -> ImageFormat? {
        let head = bytes.getBytes(at: bytes.readerIndex, length: min(12, bytes.readableBytes)) ?? []
        return sniff(head)
    }

    /// The format whose signature the first bytes in `head` match.
    public static func sniff(_ head: [UInt8]) -> ImageFormat? {
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + signature.count && Array(head[offset..<offset + signature.count]) == signature
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        return nil
    }
}
