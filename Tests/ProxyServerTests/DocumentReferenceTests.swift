import Foundation
import Testing

/// A comment that sends the reader to a heading of docs/ (`(docs/UPSTREAM.md, "Models")`) names
/// a heading that exists, so the pointer survives the documents being rewritten.
struct DocumentReferenceTests {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// Every `(docs/NAME.md, "Heading")` in the Swift sources and tests, with where it is.
    static func references() throws -> [(file: String, document: String, heading: String)] {
        let pattern = try NSRegularExpression(pattern: #"docs/([A-Z]+\.md), "([^"]+)""#)
        var found: [(String, String, String)] = []
        for folder in ["Sources", "Tests"] {
            let base = root.appendingPathComponent(folder)
            let paths = (FileManager.default.enumerator(atPath: base.path)?.allObjects as? [String]) ?? []
            for path in paths where path.hasSuffix(".swift") && !path.hasSuffix("DocumentReferenceTests.swift") {
                let text = try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)
                for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    guard let document = Range(match.range(at: 1), in: text), let heading = Range(match.range(at: 2), in: text) else { continue }
                    found.append(("\(folder)/\(path)", String(text[document]), String(text[heading])))
                }
            }
        }
        return found
    }

    @Test func everyHeadingACommentNamesExists() throws {
        let references = try Self.references()
        #expect(references.count >= 5, "the scan finds the sources' references")
        for reference in references {
            let document = try String(contentsOf: Self.root.appendingPathComponent("docs/\(reference.document)"), encoding: .utf8)
            let headings = document.split(separator: "\n").filter { $0.hasPrefix("#") }.map {
                $0.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            }
            #expect(
                headings.contains(reference.heading),
                "\(reference.file) points at \"\(reference.heading)\", which docs/\(reference.document) does not have")
        }
    }
}
