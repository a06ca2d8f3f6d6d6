import Foundation

/// One read of a recorded response body, with its time since the request was sent.
public struct FixtureChunk: Codable, Sendable, Equatable {
    /// Milliseconds from sending the request to this read.
    public var offsetMs: Double
    /// The bytes, when they are valid UTF-8 on their own.
    public var text: String?
    /// The bytes in base64, when they are not (a chunk that splits a character, binary data).
    public var base64: String?

    /// Creates a chunk from bytes: `text` when they are UTF-8 on their own, `base64` otherwise.
    public init(offsetMs: Double, bytes: some Collection<UInt8>) {
        self.offsetMs = offsetMs
        if let text = String(validating: bytes, as: UTF8.self) {
            self.text = text
            self.base64 = nil
        } else {
            self.text = nil
            self.base64 = Data(bytes).base64EncodedString()
        }
    }

    /// Creates a text chunk.
    public init(offsetMs: Double, text: String) {
        self.offsetMs = offsetMs
        self.text = text
        self.base64 = nil
    }

    /// The chunk's bytes (empty when its base64 does not decode; `fixtures check` reports that).
    public var bytes: [UInt8] {
        if let text { return Array(text.utf8) }
        if let base64, let data = Data(base64Encoded: base64) { return [UInt8](data) }
        return []
    }
}

/// How replay breaks an exchange on purpose (`_fault`).
public struct FixtureFault: Codable, Sendable, Equatable {
    /// What happens.
    public var kind: Kind
    /// How many chunks are sent first.
    public var afterChunks: Int

    /// The kinds of fault.
    public enum Kind: String, Codable, Sendable {
        /// Close the connection without finishing the body.
        case reset
        /// Send nothing more and keep the connection open.
        case stall
    }

    /// Creates a fault.
    public init(kind: Kind, afterChunks: Int) {
        self.kind = kind
        self.afterChunks = afterChunks
    }
}

/// Extra conditions on the request an entry answers (`_match`).
public struct FixtureMatch: Codable, Sendable, Equatable {
    /// The request's `cookie` header must contain this text.
    public var cookieContains: String?
    /// The request's headers must contain these names with values containing the given text.
    public var headerContains: [String: String]?
    /// The request's `cookie` header must send these cookies with exactly these values (how a
    /// fixture answers a stale session cookie differently from the one it rotated to).
    public var cookies: [String: String]?
    /// With this, the entry answers any prompt (user text) that contains every one of these texts,
    /// instead of its own prompt only: for conversations whose exact wording a client library
    /// decides (its tool schemas, its instructions).
    public var promptContains: [String]?
    /// With `promptContains`: the prompt must contain none of these.
    public var promptLacks: [String]?

    /// Creates conditions.
    public init(
        cookieContains: String? = nil, headerContains: [String: String]? = nil, cookies: [String: String]? = nil,
        promptContains: [String]? = nil, promptLacks: [String]? = nil
    ) {
        self.cookieContains = cookieContains
        self.headerContains = headerContains
        self.cookies = cookies
        self.promptContains = promptContains
        self.promptLacks = promptLacks
    }

    /// Whether a prompt meets `promptContains` and `promptLacks`.
    public func admits(prompt: String?) -> Bool {
        let text = prompt ?? ""
        return (promptContains ?? []).allSatisfy { text.contains($0) } && !(promptLacks ?? []).contains { text.contains($0) }
    }

    /// The `name=value` pairs of a `cookie` header.
    public static func cookiePairs(_ header: String) -> [String: String] {
        var pairs: [String: String] = [:]
        for pair in header.split(separator: ";") {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            pairs[pair[..<equals].trimmingCharacters(in: .whitespaces)] = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return pairs
    }
}
