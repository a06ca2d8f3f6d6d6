import Foundation
import MockArena
import Recorder
import TestSupport
import Testing

/// Guards against a defect found by an attack run: MockArena died on fixtures that `fixtures check` passed: a status of 1000
/// or -1 tripped an HTTPTypes precondition; `timings.wait` or `offsetMs` of 1e30 trapped on an
/// Int64 conversion. Both now refuse such a file, naming it and the field.
struct HostileFixtureTests {
    static func directory(with edit: (inout [String: Any]) -> Void) throws -> URL {
        let source = FixtureCorpus.directory.appendingPathComponent("chat/short.har")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        edit(&object)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: object).write(to: directory.appendingPathComponent("bad.har"))
        return directory
    }

    static func setEntry(_ object: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var log = object["log"] as! [String: Any]
        var entries = log["entries"] as! [[String: Any]]
        change(&entries[0])
        log["entries"] = entries
        object["log"] = log
    }

    static let cases: [(String, @Sendable (inout [String: Any]) -> Void)] = [
        (
            "response.status",
            { entry in
                var response = entry["response"] as! [String: Any]
                response["status"] = 1000
                entry["response"] = response
            }
        ),
        (
            "response.status",
            { entry in
                var response = entry["response"] as! [String: Any]
                response["status"] = -1
                entry["response"] = response
            }
        ),
        (
            "timings.wait",
            { entry in
                var timings = entry["timings"] as! [String: Any]
                timings["wait"] = 1e30
                entry["timings"] = timings
            }
        ),
        (
            "response._chunks[0].offsetMs",
            { entry in
                var response = entry["response"] as! [String: Any]
                var chunks = response["_chunks"] as! [[String: Any]]
                chunks[0]["offsetMs"] = 1e30
                response["_chunks"] = chunks
                entry["response"] = response
            }
        ),
    ]

    @Test(arguments: 0..<4)
    func aFixtureMockArenaCannotReplayIsRefusedByCheckAndByLoad(index: Int) throws {
        let (field, change) = Self.cases[index]
        let directory = try Self.directory { Self.setEntry(&$0, change) }
        defer { try? FileManager.default.removeItem(at: directory) }
        let problems = try FixtureChecker.check(directory: directory)
        #expect(problems.contains { $0.file == "bad.har" && $0.field == "log.entries[0].\(field)" }, "\(problems)")
        #expect {
            _ = try FixtureStore.load(directory: directory)
        } throws: { error in
            "\(error)".contains("bad.har") && "\(error)".contains(field)
        }
    }
}
