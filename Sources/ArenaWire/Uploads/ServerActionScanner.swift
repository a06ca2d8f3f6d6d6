import Foundation

/// Finds the site's Next.js server-action ids in its own code: the script chunks a page loads,
/// and the `createServerReference("<id>", ..., "<name>")` calls in those chunks.
///
/// Minified chunks call it as `(0,r.createServerReference)("7f0c…",r.callServer,void 0,r.findSourceMapURL,"getSignedUrl")`:
/// the id is the first string argument (hex, 40 to 42 characters), the action's name the last.
package enum ServerActionScanner {
    /// The actions the upload needs.
    package static let wanted: Set<String> = ["generateUploadUrl", "getSignedUrl"]

    /// The paths of the `/_next/static/chunks/*.js` files `html` references (script tags and the
    /// chunk lists of the inline flight data), without duplicates, the app's page and layout
    /// chunks first (they are where a page's actions are).
    package static func chunkPaths(inPage html: String) -> [String] {
        var found: [String] = []
        var seen = Set<String>()
        var rest = Substring(html)
        while let range = rest.range(of: "static/chunks/") {
            let tail = rest[range.upperBound...]
            let name = tail.prefix { !"\"'\\ <>()".contains($0) }
            rest = tail[name.endIndex...]
            guard name.hasSuffix(".js"), !name.contains(".."), name.count < 300 else { continue }
            let path = "/_next/static/chunks/" + name
            if seen.insert(path).inserted { found.append(path) }
        }
        let first = found.filter { $0.contains("/app/") }
        return first + found.filter { !$0.contains("/app/") }
    }

    /// The ids of the wanted actions referenced in `script`, by action name.
    package static func references(inScript script: String) -> [String: String] {
        var ids: [String: String] = [:]
        var rest = Substring(script)
        while let range = rest.range(of: "createServerReference") {
            rest = rest[range.upperBound...]
            let strings = callStrings(rest)
            guard let id = strings.first, isActionID(id), let name = strings.last, wanted.contains(name) else { continue }
            if ids[name] == nil { ids[name] = id }
        }
        return ids
    }

    /// Whether `text` is shaped like an action id: 40 to 42 hex digits.
    package static func isActionID(_ text: String) -> Bool {
        (40...42).contains(text.utf8.count) && text.utf8.allSatisfy { $0.isHexDigit }
    }

    /// The string literals of the call that follows (`)(` or `(` then arguments to the matching
    /// `)`), looking no further than 600 characters.
    private static func callStrings(_ text: Substring) -> [String] {
        var strings: [String] = []
        var depth = 0
        var quote: Character?
        var current = ""
        var escaped = false
        for character in text.prefix(600) {
            if let open = quote {
                if escaped {
                    escaped = false
                    current.append(character)
                } else if character == "\\" {
                    escaped = true
                } else if character == open {
                    strings.append(current)
                    current = ""
                    quote = nil
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case "\"", "'":
                guard depth > 0 else { return strings }
                quote = character
            case "(":
                depth += 1
            case ")":
                if depth == 0 { continue }  // the `)` of `(0,r.createServerReference)`
                depth -= 1
                if depth == 0 { return strings }
            default:
                if depth == 0, !character.isWhitespace { return strings }
            }
        }
        return []
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x61...0x66).contains(self) || (0x41...0x46).contains(self)
    }
}
