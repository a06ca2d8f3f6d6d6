import Foundation
import NIOCore
import NIOHTTP1

extension ArenaRequestBuilder {
    /// `GET {LMARENA_BASE_URL}/` as a browser navigates to it, without a session (the script
    /// chunks are the same for every visitor): the page whose chunks name the server actions.
    public func actionDiscoveryPageRequest() -> ArenaRequest {
        var headers = HTTPHeaders()
        headers.add(name: "accept", value: "text/html,application/xhtml+xml")
        headers.add(name: "sec-fetch-mode", value: "navigate")
        headers.add(name: "sec-fetch-dest", value: "document")
        headers.add(name: "user-agent", value: userAgent)
        addClearance(to: &headers)
        return ArenaRequest(method: .GET, url: baseURL + "/", headers: headers, body: ByteBuffer())
    }

    /// `GET` of one of the site's script chunks (`/_next/static/chunks/...js`).
    public func scriptRequest(path: String) -> ArenaRequest {
        var headers = HTTPHeaders()
        headers.add(name: "accept", value: "*/*")
        headers.add(name: "referer", value: baseURL + "/")
        headers.add(name: "sec-fetch-dest", value: "script")
        headers.add(name: "user-agent", value: userAgent)
        addClearance(to: &headers)
        return ArenaRequest(method: .GET, url: baseURL + path, headers: headers, body: ByteBuffer())
    }

    /// A call of the server action `actionID` with string `arguments`, as the site's page makes it:
    /// `POST` to the page with `Next-Action`, `Accept: text/x-component` and a JSON array body.
    public func serverActionRequest(actionID: String, arguments: [String], session: ArenaSession?) -> ArenaRequest {
        let data = (try? JSONSerialization.data(withJSONObject: arguments, options: [.withoutEscapingSlashes])) ?? Data("[]".utf8)
        var headers = HTTPHeaders()
        headers.add(name: "accept", value: "text/x-component")
        headers.add(name: "content-type", value: "text/plain;charset=UTF-8")
        headers.add(name: "next-action", value: actionID)
        headers.add(name: "origin", value: baseURL)
        headers.add(name: "referer", value: baseURL + "/")
        headers.add(name: "user-agent", value: userAgent)
        if let session {
            headers.add(name: "cookie", value: session.cookieHeader(cfClearance: cfClearance))
        } else {
            addClearance(to: &headers)
        }
        return ArenaRequest(method: .POST, url: baseURL + "/", headers: headers, body: ByteBuffer(bytes: data))
    }

    /// The `PUT` of an image's bytes to the `uploadUrl` `generateUploadUrl` handed out: no cookie
    /// (it is storage, not the site; the URL's signature is the permission).
    public func uploadRequest(url: String, image: PreparedImage) -> ArenaRequest {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: image.format.mimeType)
        headers.add(name: "origin", value: baseURL)
        headers.add(name: "user-agent", value: userAgent)
        return ArenaRequest(method: .PUT, url: url, headers: headers, body: image.bytes)
    }

    private func addClearance(to headers: inout HTTPHeaders) {
        if let cfClearance, !cfClearance.isEmpty {
            headers.add(name: "cookie", value: "cf_clearance=\(cfClearance)")
        }
    }
}
