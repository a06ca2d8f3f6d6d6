import Foundation

/// The request half of a HAR entry.
public struct HARRequest: Codable, Sendable, Equatable {
    /// HTTP method.
    public var method: String
    /// Absolute URL.
    public var url: String
    /// HTTP version, e.g. `HTTP/1.1`.
    public var httpVersion: String
    /// Headers in order (credential values redacted).
    public var headers: [HARNameValue]
    /// Cookies (values redacted).
    public var cookies: [HARNameValue]
    /// Query parameters.
    public var queryString: [HARNameValue]
    /// Header bytes, -1 when unknown.
    public var headersSize: Int
    /// Body bytes, -1 when unknown.
    public var bodySize: Int
    /// The body, when there is one.
    public var postData: HARPostData?

    /// Creates a request record.
    public init(method: String, url: String, headers: [HARNameValue], body: String?, mimeType: String = "text/plain;charset=UTF-8") {
        self.method = method
        self.url = url
        self.httpVersion = "HTTP/1.1"
        self.headers = headers
        self.cookies = []
        self.queryString = []
        self.headersSize = -1
        self.bodySize = body.map { $0.utf8.count } ?? 0
        self.postData = body.map { HARPostData(mimeType: mimeType, text: $0) }
    }

    /// Decodes a request, tolerating fields browsers leave out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decode(String.self, forKey: .method)
        url = try container.decode(String.self, forKey: .url)
        httpVersion = try container.decodeIfPresent(String.self, forKey: .httpVersion) ?? "HTTP/1.1"
        headers = try container.decodeIfPresent([HARNameValue].self, forKey: .headers) ?? []
        cookies = try container.decodeIfPresent([HARNameValue].self, forKey: .cookies) ?? []
        queryString = try container.decodeIfPresent([HARNameValue].self, forKey: .queryString) ?? []
        headersSize = try container.decodeIfPresent(Int.self, forKey: .headersSize) ?? -1
        bodySize = try container.decodeIfPresent(Int.self, forKey: .bodySize) ?? -1
        postData = try container.decodeIfPresent(HARPostData.self, forKey: .postData)
    }

    /// The first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A request body.
public struct HARPostData: Codable, Sendable, Equatable {
    /// Its media type.
    public var mimeType: String
    /// The body text.
    public var text: String

    /// Creates a body record.
    public init(mimeType: String, text: String) {
        self.mimeType = mimeType
        self.text = text
    }
}
