import Foundation
import NIOCore

/// What a server action answered: the React flight lines (`0:{...}`, `1:{...}`) of which line `1`
/// holds the action's return value, `{"success": true, "data": {...}}`.
package enum ServerActionReply: Equatable {
    /// `success: true`, with its `data`'s string fields.
    case data([String: String])
    /// `Server action not found.`: the id is stale (the site was deployed again).
    case actionNotFound
    /// Anything else, described for an error message (the caller redacts it).
    case failed(String)

    /// Reads the reply of an action call.
    package static func parse(status: Int, body: ByteBuffer) -> ServerActionReply {
        let text = String(decoding: body.readableBytesView, as: UTF8.self)
        if text.contains("Server action not found") { return .actionNotFound }
        for line in text.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":"), line[..<colon] == "1" else { continue }
            let value = line[line.index(after: colon)...]
            guard let object = try? JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any] else {
                return .failed("its answer line 1 is not a JSON object")
            }
            if object["success"] as? Bool == true, let data = object["data"] as? [String: Any] {
                return .data(data.compactMapValues { $0 as? String })
            }
            let reason = (object["error"] as? String) ?? (object["message"] as? String) ?? "success is not true"
            return .failed("it answered \(String(reason.prefix(200)))")
        }
        guard (200..<300).contains(status) else {
            return .failed("lmarena answered \(status): \(UpstreamBodyDetail.describe(body))")
        }
        return .failed("its answer has no line 1 (\(body.readableBytes) bytes)")
    }
}
