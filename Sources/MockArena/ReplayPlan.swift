import Foundation
import NIOCore
import Proxy
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
    /// Whether a chunk holds ``ReplayPlan/originPlaceholder``.
    public private(set) var mentionsOrigin = false

    /// Replaced in replayed bodies by MockArena's own origin (`http://host:port`), so hand-written
    /// fixtures can point at images MockArena serves.
    public static let originPlaceholder = "{{mockarena}}"

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
        mentionsOrigin = chunks.contains { String(buffer: $0.bytes).contains(Self.originPlaceholder) }
        let firstOffset = chunks.first?.offsetMs ?? entry.timings.wait
        headMs = max(0, min(entry.timings.wait, firstOffset))
        fault = entry.fault
    }

    /// The plan with ``originPlaceholder`` replaced by `origin` in every chunk.
    public func substituting(origin: String) -> ReplayPlan {
        guard mentionsOrigin else { return self }
        var copy = self
        copy.chunks = chunks.map { chunk in
            let text = String(buffer: chunk.bytes)
            guard text.contains(Self.originPlaceholder) else { return chunk }
            return (chunk.offsetMs, ByteBuffer(string: text.replacingOccurrences(of: Self.originPlaceholder, with: origin)))
        }
        return copy
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
