import ArenaWire
import Foundation
import NIOCore
import Synchronization

/// MockArena's stand-in for lmarena's object storage: keeps the bytes PUT to
/// `/_mockarena/uploads/<key>`, serves them back at the same path (the signed URL), and checks
/// that every attachment a chat request names points at bytes that were uploaded, with the
/// content type those bytes are. Tests read what arrived from `GET /_mockarena/uploads`.
public final class UploadStore: Sendable {
    /// The path prefix of uploads and signed URLs.
    public static let prefix = "/_mockarena/uploads/"

    /// One object in the store.
    public struct Object: Sendable {
        /// Its key (the path after ``UploadStore/prefix``).
        public var key: String
        /// The bytes as they arrived.
        public var bytes: ByteBuffer
        /// The content type the PUT declared.
        public var contentType: String
        /// The SHA-256 of the bytes, lower-case hex.
        public var sha256: String
    }

    /// An attachment a chat request named, and what it pointed at.
    public struct Attachment: Sendable {
        /// Its `name`.
        public var name: String
        /// Its `contentType`.
        public var contentType: String
        /// The key its URL points at.
        public var key: String
        /// The SHA-256 of the bytes under that key.
        public var sha256: String
    }

    private let state = Mutex((objects: [String: Object](), attachments: [Attachment]()))

    /// Creates an empty store.
    public init() {}

    /// The objects, in key order.
    public var objects: [Object] {
        state.withLock { $0.objects.values.sorted { $0.key < $1.key } }
    }

    /// Every attachment chat requests named, in order.
    public var attachments: [Attachment] {
        state.withLock { $0.attachments }
    }

    /// Answers a request under ``prefix``: a PUT keeps the bytes, a GET serves them.
    func answer(method: String, path: String, contentType: String?, body: ByteBuffer) -> ReplaySynthetic {
        let key = String(path.dropFirst(Self.prefix.count))
        guard !key.isEmpty, !key.contains("..") else { return .error(400, "MockArena: an upload needs a key") }
        switch method {
        case "PUT":
            guard body.readableBytes > 0 else { return .error(400, "MockArena: an upload with no bytes") }
            let object = Object(key: key, bytes: body, contentType: contentType ?? "application/octet-stream", sha256: PreparedImage.sha256(body))
            state.withLock { $0.objects[key] = object }
            return ReplaySynthetic(status: 200, contentType: "text/plain", body: ByteBuffer())
        case "GET":
            guard let object = state.withLock({ $0.objects[key] }) else { return .error(404, "MockArena: nothing was uploaded under \(key)") }
            return ReplaySynthetic(status: 200, contentType: object.contentType, body: object.bytes)
        default:
            return .error(405, "MockArena: uploads take PUT and GET")
        }
    }

    /// The problem with the attachments of a chat request's JSON body, or `nil` when each points
    /// at uploaded bytes of its declared type (each is then remembered).
    func checkAttachments(ofBody body: String) -> String? {
        // Every v2 body names `experimental_attachments`; only one that lists some has a contentType.
        guard body.contains("experimental_attachments"), body.contains("contentType"), let data = body.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        var listed: [[String: Any]] = []
        if let message = object[ArenaVocabulary.Field.userMessage] as? [String: Any] {
            listed += message["experimental_attachments"] as? [[String: Any]] ?? []
        }
        for message in object[ArenaVocabulary.Field.messages] as? [[String: Any]] ?? [] {
            listed += message["experimental_attachments"] as? [[String: Any]] ?? []
        }
        var seen: [Attachment] = []
        for item in listed {
            guard let name = item["name"] as? String, let type = item["contentType"] as? String, let url = item["url"] as? String else {
                return "an attachment lacks name, contentType or url"
            }
            let path = ArenaRequest.path(of: url)
            guard path.hasPrefix(Self.prefix) else { return "attachment \(name) points outside MockArena's uploads: \(path)" }
            let key = String(path.dropFirst(Self.prefix.count))
            guard let stored = state.withLock({ $0.objects[key] }) else { return "attachment \(name) points at \(key), where nothing was uploaded" }
            guard let format = ImageFormat.sniff(stored.bytes), format.mimeType == type else {
                return "attachment \(name) says \(type), and the bytes under \(key) are not that"
            }
            seen.append(Attachment(name: name, contentType: type, key: key, sha256: stored.sha256))
        }
        state.withLock { $0.attachments += seen }
        return nil
    }

    /// Forgets every object and attachment.
    public func reset() {
        state.withLock { $0 = ([:], []) }
    }
}

/// An answer MockArena makes itself rather than from a fixture (the upload store, a refused attachment).
public struct ReplaySynthetic: Sendable {
    /// HTTP status.
    public var status: Int
    /// Its content type.
    public var contentType: String
    /// The body.
    public var body: ByteBuffer

    /// A JSON `{"error": message}` answer.
    static func error(_ status: Int, _ message: String) -> ReplaySynthetic {
        let data = (try? JSONSerialization.data(withJSONObject: ["error": message], options: [.withoutEscapingSlashes])) ?? Data()
        return ReplaySynthetic(status: status, contentType: "application/json", body: ByteBuffer(bytes: data))
    }
}
