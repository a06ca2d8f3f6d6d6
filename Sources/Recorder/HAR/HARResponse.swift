import Foundation

/// The response half of a HAR entry, with the recorded chunks.
public struct HARResponse: Codable, Sendable, Equatable {
    /// HTTP status.
    public var status: Int
    /// HTTP reason phrase.
    public var statusText: String
    /// HTTP version.
    public var httpVersion: String
    /// Headers in order (credential values redacted).
    public var headers: [HARNameValue]
    /// Cookies set (values redacted).
    public var cookies: [HARNameValue]
    /// Redirect target, empty when none.
    public var redirectURL: String
    /// Header bytes, -1 when unknown.
    public var headersSize: Int
    /// Body bytes, -1 when unknown.
    public var bodySize: Int
    /// The whole body.
    public var content: HARContent
    /// The body as it arrived, one element per read (lmarena2api's extension).
    public var chunks: [FixtureChunk]?
    /// `Set-Cookie` values MockArena sends in full (lmarena2api's extension, for hand-made
    /// fixtures of cookie rotation): only synthetic sessions, never recorded (recorded
    /// `set-cookie` headers keep their names and say `REDACTED`).
    public var setCookies: [String]?

    enum CodingKeys: String, CodingKey {
        case status, statusText, httpVersion, headers, cookies, redirectURL, headersSize, bodySize, content
        case chunks = "_chunks"
        case setCookies = "_setCookies"
    }

    /// Creates a response record whose `content` is the concatenation of `chunks`.
    public init(status: Int, statusText: String, headers: [HARNameValue], chunks: [FixtureChunk], mimeType: String) {
        self.status = status
        self.statusText = statusText
        self.httpVersion = "HTTP/1.1"
        self.headers = headers
        self.cookies = []
        self.redirectURL = ""
        self.headersSize = -1
        var body: [UInt8] = []
        for chunk in chunks { body.append(contentsOf: chunk.bytes) }
        self.bodySize = body.count
        var content = HARContent(bytes: body, mimeType: mimeType)
        if chunks.count > 1, body.count > Self.largestRepeatedBody {
            // A long body is kept once, as its chunks: `content.text` would repeat every byte.
            content.text = nil
            content.encoding = nil
            content.comment = Self.bodyInChunksComment
        }
        self.content = content
        self.chunks = chunks
    }

    /// The longest body a recorded response keeps both as `content.text` and as `_chunks`.
    public static let largestRepeatedBody = 64 * 1024
    /// What `content.comment` says when the body is kept only as `_chunks`.
    public static let bodyInChunksComment = "the body is the _chunks joined"

    /// Decodes a response, tolerating fields browsers leave out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decode(Int.self, forKey: .status)
        statusText = try container.decodeIfPresent(String.self, forKey: .statusText) ?? ""
        httpVersion = try container.decodeIfPresent(String.self, forKey: .httpVersion) ?? "HTTP/1.1"
        headers = try container.decodeIfPresent([HARNameValue].self, forKey: .headers) ?? []
        cookies = try container.decodeIfPresent([HARNameValue].self, forKey: .cookies) ?? []
        redirectURL = try container.decodeIfPresent(String.self, forKey: .redirectURL) ?? ""
        headersSize = try container.decodeIfPresent(Int.self, forKey: .headersSize) ?? -1
        bodySize = try container.decodeIfPresent(Int.self, forKey: .bodySize) ?? -1
        content = try container.decodeIfPresent(HARContent.self, forKey: .content) ?? HARContent(bytes: [], mimeType: "")
        chunks = try container.decodeIfPresent([FixtureChunk].self, forKey: .chunks)
        setCookies = try container.decodeIfPresent([String].self, forKey: .setCookies)
        if content.text == nil, let chunks, !chunks.isEmpty {
            // A body kept only as its chunks is read back whole.
            let comment = content.comment
            content = HARContent(bytes: chunks.flatMap(\.bytes), mimeType: content.mimeType)
            content.comment = comment
        }
    }

    /// The first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A HAR `content` object: the whole body, as text or base64.
public struct HARContent: Codable, Sendable, Equatable {
    /// Body size in bytes.
    public var size: Int
    /// Media type.
    public var mimeType: String
    /// The body: UTF-8 text, or base64 when `encoding` says so.
    public var text: String?
    /// `base64` for binary bodies.
    public var encoding: String?
    /// A note on the body (HAR's `comment`): ``HARResponse/bodyInChunksComment`` when it is kept
    /// only as `_chunks`.
    public var comment: String?

    /// Creates content from bytes: text when they are UTF-8, base64 otherwise.
    public init(bytes: [UInt8], mimeType: String) {
        size = bytes.count
        self.mimeType = mimeType
        if let text = String(validating: bytes, as: UTF8.self) {
            self.text = text
            self.encoding = nil
        } else {
            self.text = Data(bytes).base64EncodedString()
            self.encoding = "base64"
        }
    }

    /// Decodes content, tolerating fields browsers leave out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        encoding = try container.decodeIfPresent(String.self, forKey: .encoding)
        mimeType = try container.decodeIfPresent(String.self, forKey: .mimeType) ?? ""
        size = try container.decodeIfPresent(Int.self, forKey: .size) ?? text?.utf8.count ?? 0
        comment = try container.decodeIfPresent(String.self, forKey: .comment)
    }

    /// The body bytes; `nil` when `encoding` is base64 and the text does not decode.
    public var bytes: [UInt8]? {
        guard let text else { return [] }
        if encoding == "base64" {
            return Data(base64Encoded: text).map { [UInt8]($0) }
        }
        return Array(text.utf8)
    }
}
