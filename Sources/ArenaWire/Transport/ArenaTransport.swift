import Foundation
import NIOCore
import NIOHTTP1

/// The seam between the gateway and lmarena: send one upstream request, get its status, headers
/// and body as it arrives.
///
/// The live implementation speaks HTTP through AsyncHTTPClient; the recorder wraps any transport
/// and keeps a copy of what passes; MockArena's replay transport answers from fixtures in memory.
public protocol ArenaTransport: Sendable {
    /// Sends `request` and returns once the response head has arrived. The body streams afterwards.
    /// Failures, from `send` and from reading the body, are ``ArenaTransportFailure``s; any other
    /// error counts as a connection that could not be made (from `send`) or that broke (from the body).
    func send(_ request: ArenaRequest) async throws -> ArenaResponse
}

/// A transport's failure in its own words, with the kind of failure the gateway treats it as
/// (a timeout, a broken connection ...). ``ArenaTransportError`` is the live transport's.
public protocol ArenaTransportFailure: Error, Sendable {
    /// The kind of failure.
    var kind: ArenaTransportError.Kind { get }
    /// What happened, for a person, free of credentials.
    var detail: String { get }
}

/// One HTTP request for lmarena, as a dialect built it.
public struct ArenaRequest: Sendable {
    /// HTTP method, upper case.
    public var method: HTTPMethod
    /// Absolute URL, origin included.
    public var url: String
    /// Request headers in the order they are sent.
    public var headers: HTTPHeaders
    /// Request body bytes (JSON for the stream endpoints).
    public var body: ByteBuffer

    /// Creates a request.
    public init(method: HTTPMethod, url: String, headers: HTTPHeaders, body: ByteBuffer) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The path part of `url` (without the query), `/` when the URL has none.
    public var path: String {
        ArenaRequest.path(of: url)
    }

    /// The path part of an absolute or relative URL, without query or fragment.
    public static func path(of url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
            guard let slash = rest.firstIndex(of: "/") else { return "/" }
            rest = rest[slash...]
        }
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            rest = rest[..<end]
        }
        return rest.isEmpty ? "/" : String(rest)
    }
}

/// The head and streaming body of an lmarena response.
public struct ArenaResponse: Sendable {
    /// HTTP status code.
    public var status: Int
    /// Response headers.
    public var headers: HTTPHeaders
    /// The body, chunk by chunk as it arrives.
    public var body: ArenaBody

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders, body: ArenaBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
