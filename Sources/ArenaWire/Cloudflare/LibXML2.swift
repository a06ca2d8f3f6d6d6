import CLibXML2
import Foundation

/// Small, memory-safe accessors over libxml2's C API.
enum LibXML2 {
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Calls `xmlInitParser()` once per process, as libxml2 asks before concurrent use.
    static func ensureInitialized() {
        _ = initialized
    }

    /// The element's lower-case local name.
    static func name(of node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name).lowercased()
    }

    /// The text content of a node and its descendants, at most 64 KiB of it.
    static func text(of node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { lmarena_xml_free(content) }
        let length = min(strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self)), 65_536)
        return String(decoding: UnsafeBufferPointer(start: content, count: length), as: UTF8.self)
    }

    /// An attribute's value, or `nil` when the element does not have it.
    static func attribute(_ name: String, of node: xmlNodePtr) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { lmarena_xml_free(value) }
        return String(cString: value)
    }
}
