import Foundation
import Recorder
import Settings
import Testing

/// The settings table of docs/CONFIGURATION.md lists the recorder's settings too, with their
/// defaults, as their declarations name them.
struct RecordingSettingsReadmeTests {
    static let readme: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return (try? String(contentsOf: url.appendingPathComponent("docs/CONFIGURATION.md"), encoding: .utf8)) ?? ""
    }()

    @Test(arguments: RecordingSettings.all.map { ($0.variable, $0.flag, $0.defaultDescription) })
    func settingsTableListsEveryRecordingSetting(variable: String, flag: String, defaultDescription: String) {
        #expect(!Self.readme.isEmpty)
        #expect(
            Self.readme.contains("| `\(variable)` | `--\(flag)` | \(defaultDescription) |"),
            "docs/CONFIGURATION.md lacks the row of \(variable) with its default '\(defaultDescription)'")
    }
}
