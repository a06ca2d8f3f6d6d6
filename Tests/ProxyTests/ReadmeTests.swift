import Foundation
import Testing

@testable import Proxy

/// The README's settings table is the user's reference: it must list every setting the code reads.
struct ReadmeTests {
    static let readme: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return (try? String(contentsOf: url.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }()

    @Test(arguments: ProxySetting.allCases)
    func settingsTableListsEverySetting(setting: ProxySetting) {
        #expect(Self.readme.contains("| `\(setting.variable)` | `--\(setting.flag)` |"), "README settings table lacks \(setting.variable)")
    }
}
