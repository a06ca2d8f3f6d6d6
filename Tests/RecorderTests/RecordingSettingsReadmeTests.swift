import Foundation
import Recorder
import Testing
import Settings

/// The README's settings table lists the recorder's settings too, as their declarations name them.
struct RecordingSettingsReadmeTests {
    static let readme: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return (try? String(contentsOf: url.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }()

    @Test(arguments: RecordingSettings.all.map { ($0.variable, $0.flag) })
    func settingsTableListsEveryRecordingSetting(variable: String, flag: String) {
        #expect(!Self.readme.isEmpty)
        #expect(Self.readme.contains("| `\(variable)` | `--\(flag)` |"), "README settings table lacks \(variable)")
    }
}
