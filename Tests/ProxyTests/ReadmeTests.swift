import Foundation
import Testing
@testable import OpenAISurface
@testable import ProxyServer
@testable import OpenAISurface
@testable import ProxyServer
@testable import Settings


/// The README's settings table is the user's reference: it must list every setting the code reads.
struct ReadmeTests {
    static let readme: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return (try? String(contentsOf: url.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }()

    @Test(arguments: GatewaySettings.all.map { ($0.variable, $0.flag) })
    func settingsTableListsEverySetting(variable: String, flag: String) {
        #expect(Self.readme.contains("| `\(variable)` | `--\(flag)` |"), "README settings table lacks \(variable)")
    }

    @Test(arguments: ChatRequestFields.all.map(\.name))
    func requestFieldTableListsEveryField(field: String) {
        let table = Self.readme.components(separatedBy: "| field | treatment |").last ?? ""
        #expect(table.contains("`\(field)`"), "README request-field table lacks \(field)")
    }
}
