import ArenaWire
import Foundation
import HTTPTypes
import NIOCore
import Recorder

/// What replaying one fixture entry sends: status, headers, and the body chunks at their offsets.
public struct ReplayPlan: Sendable {
    /// HTTP status.
    public var status: Int
    /// HTTP reason phrase.
    public var statusText: String
    /// Response headers to send (framing and encoding headers removed: replay sends the decoded body).
    public var headers: [(name: String, value: String)]
    /// Milliseconds from the request to the response head.
    public var headMs: Double
    /// Body chunks with their offsets in milliseconds since the request.
    public var chunks: [(offsetMs: Double, bytes: ByteBuffer)]
    /// How the replay breaks on purpose.
    public var fault: FixtureFault?
    /// Whether a chunk holds a placeholder (`{{...}}`).
    public private(set) var mentionsOrigin = false

    /// Replaced in replayed bodies by MockArena's own origin (`http://host:port`), so hand-written
    /// fixtures can point at images MockArena serves.
    public static let originPlaceholder = "{{mockarena}}"
    /// Replaced in each serve by a new storage key (`fixture/<uuid>/<file name>`, the file name
    /// taken from a server-action request's `["name", "mime"]` body), the same everywhere in it.
    public static let uploadKeyPlaceholder = "{{upload-key}}"
    /// Replaced by the first string of the request's JSON array body (`getSignedUrl`'s `["key"]`).
    public static let requestKeyPlaceholder = "{{request-key}}"
    /// Replaced by the time of the serve as `X-Amz-Date` writes it (`yyyyMMdd'T'HHmmss'Z'`).
    public static let amzDatePlaceholder = "{{amz-date}}"

    private static let droppedHeaders: Set<String> = ["content-length", "transfer-encoding", "content-encoding", "connection", "keep-alive"]

    /// The plan for a HAR entry. A response without `_chunks` replays as one chunk at `timings.wait`.
    public init(entry: HAREntry) {
        status = entry.response.status
        statusText = entry.response.statusText
        // A recorded `set-cookie` says `name=REDACTED`: replaying it would hand the gateway a
        // cookie of that value. Only `_setCookies` (synthetic sessions) are sent in full.
        headers = entry.response.headers
            .filter { !Self.droppedHeaders.contains($0.name.lowercased()) }
            .filter { $0.name.lowercased() != "set-cookie" || !$0.value.contains(Redactor.marker) }
            .map { (name: $0.name, value: $0.value) }
        headers += (entry.response.setCookies ?? []).map { (name: "set-cookie", value: $0) }
        if let recorded = entry.response.chunks, !recorded.isEmpty {
            chunks = recorded.map { (offsetMs: max(0, $0.offsetMs), bytes: ByteBuffer(bytes: $0.bytes)) }
        } else {
            let body = entry.response.content.bytes ?? []
            chunks = body.isEmpty ? [] : [(offsetMs: entry.timings.wait, bytes: ByteBuffer(bytes: body))]
        }
        mentionsOrigin = chunks.contains { String(buffer: $0.bytes).contains("{{") }
        let firstOffset = chunks.first?.offsetMs ?? entry.timings.wait
        headMs = max(0, min(entry.timings.wait, firstOffset))
        fault = entry.fault
    }

    /// The plan with its placeholders replaced in every chunk: ``originPlaceholder`` by `origin`,
    /// and the upload placeholders by what `request` and the time of the serve make of them.
    public func substituting(origin: String, for request: ReplayRequest? = nil, now: Date = Date()) -> ReplayPlan {
        guard mentionsOrigin else { return self }
        let arguments = request.flatMap { try? JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [Any] }?.compactMap { $0 as? String } ?? []
        let fileName = (arguments.first ?? "file").filter { $0.isLetter || $0.isNumber || ".-_".contains($0) }
        let values = [
            Self.originPlaceholder: origin,
            Self.uploadKeyPlaceholder: "fixture/\(UUID().uuidString.lowercased())/\(fileName.isEmpty ? "file" : fileName)",
            Self.requestKeyPlaceholder: arguments.first ?? "",
            Self.amzDatePlaceholder: Self.amzDate(now),
        ]
        var copy = self
        copy.chunks = chunks.map { chunk in
            var text = String(buffer: chunk.bytes)
            guard text.contains("{{") else { return chunk }
            for (placeholder, value) in values { text = text.replacingOccurrences(of: placeholder, with: value) }
            return (chunk.offsetMs, ByteBuffer(string: text))
        }
        return copy
    }

    /// `date` as `X-Amz-Date` writes it.
    static func amzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(c.year ?? 1970)\(two(c.month))\(two(c.day))T\(two(c.hour))\(two(c.minute))\(two(c.second))Z"
    }

    /// The body bytes joined.
    public var body: ByteBuffer {
        var joined = ByteBuffer()
        for chunk in chunks {
            var copy = chunk.bytes
            joined.writeBuffer(&copy)
        }
        return joined
    }
}

extension ReplayPlan {
    /// The status line and headers a replay answers with. A replay watches for the client
    /// leaving, which takes over the connection and closes it after the response, so the head
    /// says `Connection: close`; a recorded header whose name HTTP does not allow is left out.
    public var responseHead: (status: HTTPResponse.Status, headers: HTTPFields) {
        var headers: HTTPFields = [.connection: "close"]
        for header in self.headers {
            if let name = HTTPField.Name(header.name) { headers.append(HTTPField(name: name, value: header.value)) }
        }
        return (HTTPResponse.Status(code: status, reasonPhrase: statusText), headers)
    }
}
