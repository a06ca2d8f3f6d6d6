import Foundation
import Recorder
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Guards against a defect found by an attack run: the fixture tools followed symbolic links out of the directory, printed raw
/// NSError dumps, called a FIFO "Permission denied" (or hung on it), and `inspect` printed a whole
/// 100 MB answer.
struct FixtureFileSafetyTests {
    static func directory() throws -> URL {
        let url = RedactionTests.temporaryDirectory()
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func error(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aLinkOutOfTheDirectoryIsRefusedAndOneInsideIsRead() throws {
        let root = try Self.directory()
        defer { try? FileManager.default.removeItem(at: root) }
        let outside = try Self.directory()
        defer { try? FileManager.default.removeItem(at: outside) }
        let secret = outside.appendingPathComponent("passwd.har")
        try Data("root:x:0:0".utf8).write(to: secret)
        try FileManager.default.copyItem(
            at: FixtureCorpus.directory.appendingPathComponent("chat/short.har"), to: root.appendingPathComponent("short.har"))
        try FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent("inside.har"), withDestinationURL: root.appendingPathComponent("short.har"))
        #expect(try FixtureFile.list(in: root).count == 2, "a link to a fixture of the directory is one")
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("x.har"), withDestinationURL: secret)
        let refusal = Self.error { _ = try FixtureFile.list(in: root) }
        #expect(refusal?.contains("outside") == true, "\(refusal ?? "no error")")
        #expect(refusal?.contains("root:x") == false)
    }

    @Test func aFIFOIsRefusedWithoutWaitingOnIt() throws {
        let root = try Self.directory()
        defer { try? FileManager.default.removeItem(at: root) }
        let fifo = root.appendingPathComponent("pipe.har")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let listed = Self.error { _ = try FixtureFile.list(in: root) }
        #expect(listed?.contains("not a regular file (a FIFO or other special file)") == true, "\(listed ?? "no error")")
        let read = Self.error { _ = try FixtureFile.read(fifo) }
        #expect(read?.contains("not a regular file") == true)
    }

    @Test func aMissingFileIsASentenceNotAnErrorDump() {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/x.har")
        let read = Self.error { _ = try FixtureFile.read(missing) }
        #expect(read?.contains("no such file") == true, "\(read ?? "no error")")
        #expect(read?.contains("Error Domain") == false)
        #expect(read?.contains("UserInfo") == false)
    }

    @Test func inspectPrintsAShortenedAnswer() throws {
        let root = try Self.directory()
        defer { try? FileManager.default.removeItem(at: root) }
        let line = "a0:\"" + String(repeating: "word ", count: 40_000) + "\"\n"
        var har = try String(contentsOf: FixtureCorpus.directory.appendingPathComponent("chat/short.har"), encoding: .utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(har.utf8)) as? [String: Any])
        var log = try #require(object["log"] as? [String: Any])
        var entries = try #require(log["entries"] as? [[String: Any]])
        var response = try #require(entries[0]["response"] as? [String: Any])
        response["_chunks"] = [["offsetMs": 10.0, "text": line]]
        response["content"] = ["size": line.utf8.count, "mimeType": "text/plain", "text": line]
        entries[0]["response"] = response
        log["entries"] = entries
        har = String(decoding: try JSONSerialization.data(withJSONObject: ["log": log]), as: UTF8.self)
        let file = root.appendingPathComponent("big.har")
        try Data(har.utf8).write(to: file)
        let described = FixtureInspector.describe(try FixtureFile.read(file), name: "big.har")
        #expect(described.count < 10_000, "\(described.count) characters printed")
        #expect(described.contains("more characters)"))
    }
}
