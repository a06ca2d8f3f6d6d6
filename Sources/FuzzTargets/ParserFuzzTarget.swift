import ArenaWire
import Foundation
import NIOCore
import NIOHTTP1

/// The gateway's parsers of outside bytes, each as a coverage-guided fuzzing target.
///
/// A target takes any bytes, runs them through the parser the way the gateway does and checks
/// what must hold whatever the input: the parser may refuse the bytes, but it must not crash,
/// hang or give an answer that breaks the next step. A broken property is returned as a
/// ``FuzzFinding``; the fuzzing driver (`lmarena2api-fuzz`) stops on it, and the regression
/// tests assert there is none.
public enum ParserFuzzTarget: String, CaseIterable, Sendable {
    /// The lmarena stream parser and the OpenAI chunk encoder behind it.
    case streamParser = "stream-parser"
    /// The Cloudflare challenge and block detector (libxml2's HTML parser).
    case cloudflareDetector = "cloudflare-detector"
    /// The chat completions and Responses request decoders, and the arena request built from them.
    case chatRequest = "chat-request"
    /// `LA_COOKIE` entries, `Set-Cookie` headers and the rotation they make.
    case cookies = "cookies"
    /// The model catalogue parser and the registry built from it.
    case catalogue = "catalogue"

    /// Runs the target on `bytes`; a broken property is returned, refusals are not findings.
    public func run(_ bytes: UnsafeRawBufferPointer) -> FuzzFinding? {
        switch self {
        case .streamParser: return StreamParserProbe.run(bytes)
        case .cloudflareDetector: return Self.cloudflare(bytes)
        case .chatRequest: return ChatRequestProbe.run(bytes)
        case .cookies: return CookieProbe.run(bytes)
        case .catalogue: return Self.catalogue(bytes)
        }
    }

    /// Runs the target on `data`.
    public func run(_ data: Data) -> FuzzFinding? {
        data.withUnsafeBytes { run($0) }
    }

    /// The detector must classify any page; a page with the challenge header is a challenge
    /// whatever its body.
    private static func cloudflare(_ bytes: UnsafeRawBufferPointer) -> FuzzFinding? {
        let body = ByteBuffer(bytes: bytes)
        _ = CloudflareDetector.classify(headers: [:], body: body)
        let headers: HTTPHeaders = ["cf-mitigated": "challenge"]
        let verdict = CloudflareDetector.classify(headers: headers, body: body)
        guard verdict == .challenge else {
            return FuzzFinding("a page answered with cf-mitigated: challenge was classified \(verdict)")
        }
        return nil
    }

    /// A catalogue that reads must make a registry in which every listed name finds its model.
    private static func catalogue(_ bytes: UnsafeRawBufferPointer) -> FuzzFinding? {
        let data = Data(bytes)
        guard let registry = try? ModelRegistry.decode(data, source: "fuzz input") else { return nil }
        for model in registry.models {
            guard let found = registry.model(named: model.name) else {
                return FuzzFinding("the registry lists \(model.name.debugDescription) but does not find it by that name")
            }
            guard found.id == model.id else {
                return FuzzFinding("the name \(model.name.debugDescription) finds model \(found.id), not \(model.id)")
            }
        }
        return nil
    }
}

/// A property a fuzzing target found broken.
public struct FuzzFinding: Error, Sendable, Equatable, CustomStringConvertible {
    /// What broke, in a sentence.
    public let description: String

    /// Creates a finding.
    public init(_ description: String) {
        self.description = description
    }
}
