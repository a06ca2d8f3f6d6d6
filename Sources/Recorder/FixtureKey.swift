import ArenaWire
import Foundation

/// The semantic key a request is matched on (docs/FIXTURES.md, "How a request finds its entry").
///
/// Method and path (ids in the path are wildcards), and from the JSON body in either dialect:
/// the model id, the modality and the text of the newest user message. Every volatile field
/// (ids, tokens, timestamps) is left out.
public struct FixtureKey: Sendable, Equatable {
    /// HTTP method, upper case.
    public var method: String
    /// The URL path with id segments replaced by `{id}`.
    public var path: String
    /// `modelAId` from the body.
    public var modelID: String?
    /// `modality` from the body.
    public var modality: String?
    /// `userMessage.content` (v2) or the last `role: user` message's content (legacy).
    public var userText: String?

    /// Reads the key of a request.
    public init(method: String, url: String, body: String?) {
        self.method = method.uppercased()
        self.path = Self.normalizedPath(url)
        guard let body, let data = body.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return }
        typealias Field = ArenaVocabulary.Field
        modelID = object[Field.modelAId] as? String
        modality = object[Field.modality] as? String
        if let message = object[Field.userMessage] as? [String: Any] {
            userText = message[Field.content] as? String
        } else if let messages = object[Field.messages] as? [[String: Any]] {
            userText = messages.last(where: { $0[Field.role] as? String == "user" })?[Field.content] as? String
        }
    }

    /// The first field in which `other` differs from this key, with both values; `nil` when equal.
    public func firstDifference(from other: FixtureKey) -> (field: String, expected: String, actual: String)? {
        let fields: [(String, String?, String?)] = [
            ("method", method, other.method),
            ("path", path, other.path),
            (ArenaVocabulary.Field.modelAId, modelID, other.modelID),
            (ArenaVocabulary.Field.modality, modality, other.modality),
            ("user message", userText, other.userText),
        ]
        for (name, mine, theirs) in fields where mine != theirs {
            return (name, mine ?? "(none)", theirs ?? "(none)")
        }
        return nil
    }

    /// How many of the five fields agree, for ranking near misses.
    public func agreement(with other: FixtureKey) -> Int {
        var score = 0
        if method == other.method { score += 1 }
        if path == other.path { score += 4 }
        if modelID == other.modelID { score += 2 }
        if modality == other.modality { score += 1 }
        if userText == other.userText { score += 3 }
        return score
    }

    /// The path of `url` with UUID-shaped segments (evaluation ids) replaced by `{id}`.
    public static func normalizedPath(_ url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        let segments = rest.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            isIdentifier(segment) ? "{id}" : String(segment)
        }
        let joined = segments.joined(separator: "/")
        return joined.isEmpty ? "/" : joined
    }

    private static func isIdentifier(_ segment: Substring) -> Bool {
        guard segment.count == 36 else { return false }
        for (index, character) in segment.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                if character != "-" { return false }
            } else if !character.isHexDigit {
                return false
            }
        }
        return true
    }
}

extension FixtureKey: CustomStringConvertible {
    /// `POST /path model=... modality=... user="..."`, shortened for log lines.
    public var description: String {
        let text = userText.map { $0.count > 60 ? String($0.prefix(57)) + "..." : $0 } ?? "(none)"
        return "\(method) \(path) model=\(modelID ?? "(none)") modality=\(modality ?? "(none)") user=\(JSONStringEscaping.quote(text))"
    }
}

/// Quotes text for log lines and error messages.
enum JSONStringEscaping {
    static func quote(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])) ?? Data()
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }
}
