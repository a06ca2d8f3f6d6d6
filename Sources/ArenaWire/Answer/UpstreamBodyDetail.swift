import Foundation
import NIOCore

/// Reads what an upstream error body says, for error messages and logs.
package enum UpstreamBodyDetail {
    /// The message of a JSON error body (`{"error":"..."}`, `{"error":{"message":...}}`,
    /// `{"message":...}`), or the start of a text body; printable characters only, at most 300.
    package static func describe(_ body: ByteBuffer) -> String {
        let bytes = body.readableBytesView
        var text: String?
        if let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] {
            if let message = object["error"] as? String {
                // `{"error":"Login required","code":"LOGIN_GATE"}` keeps its code.
                text = (object["code"] as? String).map { "\(message) (\($0))" } ?? message
            } else if let nested = object["error"] as? [String: Any], let message = nested["message"] as? String {
                text = message
            } else if let message = object["message"] as? String {
                text = message
            }
        }
        let raw = text ?? String(decoding: bytes.prefix(600), as: UTF8.self)
        let printable = raw.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
        let trimmed = printable.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 300 ? String(trimmed.prefix(300)) + "..." : trimmed
    }

    /// Whether a response is an HTML page, by its content type or its first bytes.
    static func isHTML(contentType: String?, firstBytes: ByteBuffer) -> Bool {
        if let contentType, contentType.lowercased().contains("text/html") { return true }
        let start = String(decoding: firstBytes.readableBytesView.prefix(256), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return start.hasPrefix("<!doctype html") || start.hasPrefix("<html")
    }

    /// The text of the first `<title>` element, when there is one in the first bytes.
    static func htmlTitle(_ body: ByteBuffer) -> String? {
        let text = String(decoding: body.readableBytesView.prefix(65_536), as: UTF8.self)
        guard let open = text.range(of: "<title", options: .caseInsensitive),
            let close = text.range(of: ">", range: open.upperBound..<text.endIndex),
            let end = text.range(of: "</title>", options: .caseInsensitive, range: close.upperBound..<text.endIndex)
        else { return nil }
        let title = text[close.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        return title.isEmpty ? nil : String(title.prefix(200))
    }

    /// `Retry-After` in whole seconds, when it is a number.
    static func retryAfter(_ value: String?) -> Int? {
        guard let value, let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return Int(seconds.rounded(.up))
    }
}
