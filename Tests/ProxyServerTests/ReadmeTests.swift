import Foundation
import Testing

@testable import OpenAISurface
@testable import ProxyServer
@testable import Settings

/// The reference in docs/ is checked against the code: the settings table of CONFIGURATION.md
/// lists every setting with its flag and its default as declared, and API.md's request-field
/// table every field the decoder knows.
struct ReadmeTests {
    /// A document of the repository, by its path from the root.
    static func document(_ path: String) -> String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return (try? String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }

    static let configuration = document("docs/CONFIGURATION.md")
    static let api = document("docs/API.md")

    @Test(arguments: GatewaySettings.all.map { ($0.variable, $0.flag, $0.defaultDescription) })
    func settingsTableListsEverySettingWithItsDefault(variable: String, flag: String, defaultDescription: String) {
        #expect(!Self.configuration.isEmpty)
        #expect(
            Self.configuration.contains("| `\(variable)` | `--\(flag)` | \(defaultDescription) |"),
            "docs/CONFIGURATION.md lacks the row of \(variable) with its default '\(defaultDescription)'")
    }

    @Test func theReadmeIsForANewcomer() {
        let readme = Self.document("README.md")
        #expect(readme.split(separator: "\n", omittingEmptySubsequences: false).count < 200, "the reference belongs in docs/")
        for endpoint in ["/v1/chat/completions", "/v1/responses", "/v1/images/generations", "/v1/models"] {
            #expect(readme.contains(endpoint), "the README's introduction names \(endpoint)")
        }
    }

    @Test(arguments: ChatRequestFields.all.map(\.name))
    func requestFieldTableListsEveryField(field: String) {
        let table = Self.api.components(separatedBy: "| field | treatment |").last ?? ""
        #expect(table.contains("`\(field)`"), "docs/API.md's request-field table lacks \(field)")
    }
}
