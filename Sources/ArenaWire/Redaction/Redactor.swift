import Foundation
import NIOHTTP1

/// Removes credentials from everything the recorder and the importer write, before it reaches
/// the disk (docs/FIXTURES.md, "Secrets"), and from debug logs.
///
/// By name: the values of `cookie`, `set-cookie`, `authorization`, `proxy-authorization` and any
/// header whose name contains `token` become `REDACTED` (cookie names stay), as do the body
/// fields `recaptchaV3Token` and `recaptchaV2Token` at any depth. By value: every configured
/// secret (sessions, clearance, tokens, keys) is replaced wherever it appears: URLs, headers,
/// bodies, response chunks, log lines. By shape: the signature parts of signed storage URLs
/// (`X-Amz-Signature`, `X-Amz-Credential`, `X-Amz-Security-Token`), which grant access to an upload.
public struct Redactor: Sendable, ConcealsSecrets {
    /// What replaces a secret.
    public static let marker = "REDACTED"
    /// Body fields that hold a secret.
    public static let secretBodyFields: Set<String> = ArenaVocabulary.Field.secrets

    private let configured: [String]
    private let learned: SecretRegistry?

    /// Creates a redactor that also scrubs the given secret values (empty and very short ones are
    /// ignored), and those `learned` holds at the moment of each use.
    public init(secrets: [String] = [], learned: SecretRegistry? = nil) {
        // Longest first, so a secret that contains another is replaced whole.
        self.configured = Set(secrets.filter { $0.count >= 6 }).sorted { $0.count > $1.count }
        self.learned = learned
    }

    /// Every secret value known now, longest first.
    private var secrets: [String] {
        guard let learned else { return configured }
        let more = learned.secrets
        return more.isEmpty ? configured : (configured + more).sorted { $0.count > $1.count }
    }

    /// Whether a header's value is a credential by its name.
    public static func isSecretHeader(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["cookie", "set-cookie", "authorization", "proxy-authorization"].contains(lowered) || lowered.contains("token")
    }

    /// `text` with every configured secret replaced, and the signature parts of signed URLs.
    public func scrub(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.marker)
        }
        return Self.scrubSignedURLs(result)
    }

    /// The query parameters of an S3-style signed URL that grant access.
    public static let signedURLParameters = ["X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token"]

    /// `text` with the values of ``signedURLParameters`` replaced, wherever they appear (a URL,
    /// a JSON body that holds one, a log line), in either case.
    public static func scrubSignedURLs(_ text: String) -> String {
        guard text.range(of: "x-amz-", options: .caseInsensitive) != nil else { return text }
        var output = ""
        var rest = text[...]
        while true {
            let hits = signedURLParameters.compactMap { rest.range(of: $0 + "=", options: .caseInsensitive) }
            guard let first = hits.min(by: { $0.lowerBound < $1.lowerBound }) else {
                output += rest
                return output
            }
            output += rest[..<first.upperBound]
            let value = rest[first.upperBound...]
            let end = value.firstIndex { "&\"'\\ \n\r\t<>#".contains($0) } ?? value.endIndex
            if end > value.startIndex { output += marker }
            rest = value[end...]
        }
    }

    /// Whether `text` holds a configured secret.
    public func containsSecret(_ text: String) -> Bool {
        secrets.contains { text.contains($0) } || Self.scrubSignedURLs(text) != text
    }

    /// A header value with credentials redacted: cookie headers keep their cookie names.
    public func headerValue(name: String, value: String) -> String {
        let lowered = name.lowercased()
        if lowered == "cookie" {
            return Self.redactCookiePairs(value, separator: ";")
        }
        if lowered == "set-cookie" {
            let first = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? value
            return Self.redactCookiePairs(first, separator: ";")
        }
        if Self.isSecretHeader(name) {
            return Self.marker
        }
        return scrub(value)
    }

    /// Every header as `name: value`, joined with `; `, each value redacted as ``headerValue(name:value:)``.
    public func headers(_ headers: HTTPHeaders) -> String {
        headers.map { "\($0.name): \(headerValue(name: $0.name, value: $0.value))" }.joined(separator: "; ")
    }

    /// A request body with its secret fields and configured secrets redacted. A JSON body keeps
    /// its shape (key order may change); any other body is scrubbed as text.
    public func body(_ text: String) -> String {
        guard let data = text.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            object is [String: Any] || object is [Any]
        else { return scrub(text) }
        let redacted = Self.redactFields(object)
        guard let encoded = try? JSONSerialization.data(withJSONObject: redacted, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return scrub(text)
        }
        return scrub(String(decoding: encoded, as: UTF8.self))
    }

    private static func redactFields(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            var copy = object
            for (key, inner) in object {
                copy[key] = secretBodyFields.contains(key) && !(inner is NSNull) ? marker : redactFields(inner)
            }
            return copy
        }
        if let array = value as? [Any] { return array.map(redactFields) }
        return value
    }

    /// `a=1; b=2` becomes `a=REDACTED; b=REDACTED`.
    public static func redactCookiePairs(_ value: String, separator: Character) -> String {
        value.split(separator: separator).map { pair -> String in
            let trimmed = pair.trimmingCharacters(in: .whitespaces)
            guard let equals = trimmed.firstIndex(of: "=") else { return marker }
            return "\(trimmed[..<equals])=\(marker)"
        }.joined(separator: "\(separator) ")
    }
}
