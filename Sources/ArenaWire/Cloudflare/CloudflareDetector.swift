import CLibXML2
import Foundation
import NIOCore
import NIOHTTP1

/// What an HTML answer from lmarena's side is, as far as Cloudflare goes.
package enum CloudflareVerdict: String, Sendable, Equatable {
    /// An interstitial challenge: `CF_CLEARANCE` is stale for this IP and User-Agent.
    case challenge
    /// Cloudflare blocked the request outright ("Sorry, you have been blocked").
    case block
    /// Some other page.
    case other

    /// What an operator does about it, written once for every message that reports one.
    package var advice: String {
        switch self {
        case .challenge:
            return
                "CF_CLEARANCE is missing or stale for this IP and User-Agent: refresh it from a browser on this IP, and set USER_AGENT to that browser's User-Agent"
        case .block:
            return "this IP is blocked: use another network or an outbound proxy (PROXY_URL)"
        case .other:
            return ""
        }
    }
}

/// Decides whether an HTML answer is a Cloudflare challenge or block by parsing it with
/// libxml2's HTML parser and looking at the document, not by searching the text.
///
/// Challenge: the title "Just a moment...", a script defining `_cf_chl_opt`, a script loaded
/// from `/cdn-cgi/challenge-platform/.../orchestrate/`, or the challenge form. Block: the title
/// "Attention Required! | Cloudflare" or the `block_headline` heading. Cloudflare's passive
/// beacon script and a site's own Turnstile widget are neither. At most ``maxParsedBytes`` are
/// parsed, and the tree is walked without recursion, so hostile pages cannot stall or crash it.
package enum CloudflareDetector {
    /// The most bytes of a page that are parsed; Cloudflare's pages are a few kilobytes.
    package static let maxParsedBytes = 256 * 1024

    /// Classifies a response: the `cf-mitigated: challenge` header decides at once, otherwise the body.
    package static func classify(headers: HTTPHeaders, body: ByteBuffer) -> CloudflareVerdict {
        if headers[canonicalForm: "cf-mitigated"].contains(where: { $0.lowercased() == "challenge" }) {
            return .challenge
        }
        return body.withUnsafeReadableBytes { classify(html: $0) }
    }

    /// Classifies the bytes of an HTML page.
    static func classify(html: UnsafeRawBufferPointer) -> CloudflareVerdict {
        guard !html.isEmpty else { return .other }
        LibXML2.ensureInitialized()
        // Parse errors are not printed: they would put bytes from upstream on standard error.
        lmarena_xml_quiet()
        let length = min(html.count, maxParsedBytes)
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        let base = html.baseAddress!.assumingMemoryBound(to: CChar.self)
        guard let document = htmlReadMemory(base, Int32(length), nil, nil, options) else { return .other }
        defer { xmlFreeDoc(document) }
        var signals = PageSignals()
        var node = xmlDocGetRootElement(document)
        var visited = 0
        // Depth-first walk through child, next and parent links: no recursion, no stack.
        while let current = node, visited < 200_000 {
            visited += 1
            if current.pointee.type == XML_ELEMENT_NODE {
                signals.inspect(current)
            }
            if let child = current.pointee.children, current.pointee.type == XML_ELEMENT_NODE {
                node = child
                continue
            }
            var climb: xmlNodePtr? = current
            node = nil
            while let step = climb {
                if let next = step.pointee.next {
                    node = next
                    break
                }
                climb = step.pointee.parent.flatMap { $0.pointee.type == XML_ELEMENT_NODE ? $0 : nil }
            }
        }
        return signals.verdict
    }
}

/// The Cloudflare markers found in one document.
struct PageSignals {
    var challengeTitle = false
    var challengeScript = false
    var challengeForm = false
    var blockTitle = false
    var blockHeadline = false

    var verdict: CloudflareVerdict {
        if blockTitle || blockHeadline { return .block }
        if challengeTitle || challengeScript || challengeForm { return .challenge }
        return .other
    }

    mutating func inspect(_ element: xmlNodePtr) {
        let name = LibXML2.name(of: element)
        switch name {
        case "title":
            let title = LibXML2.text(of: element).trimmingCharacters(in: .whitespacesAndNewlines)
            if title == "Just a moment..." || title == "Just a moment…" { challengeTitle = true }
            if title.hasPrefix("Attention Required!"), title.contains("Cloudflare") { blockTitle = true }
        case "script":
            if let source = LibXML2.attribute("src", of: element),
                source.contains("/cdn-cgi/challenge-platform/"), source.contains("/orchestrate/")
            {
                challengeScript = true
            } else if LibXML2.text(of: element).contains("_cf_chl_opt") {
                challengeScript = true
            }
        case "form":
            let id = LibXML2.attribute("id", of: element) ?? ""
            let action = LibXML2.attribute("action", of: element) ?? ""
            if id == "challenge-form" || action.contains("__cf_chl_f_tk=") { challengeForm = true }
        default:
            break
        }
        if LibXML2.attribute("data-translate", of: element) == "block_headline" { blockHeadline = true }
    }
}
