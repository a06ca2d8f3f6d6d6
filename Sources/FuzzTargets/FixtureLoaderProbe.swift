import Foundation
import MockArena
import NIOCore
import Recorder

/// The fixture loader under fuzzing: the bytes are a fixture file.
///
/// Properties: a file `fixtures check` passes decodes, and MockArena can replay each of its
/// entries (a file it finds any problem in is refused as a whole); and whatever decodes, MockArena either refuses an entry at load (with the checker's
/// words) or builds its replay (plan, placeholders, status line and headers, matching) without
/// crashing.
public enum FixtureLoaderProbe {
    /// The request a replay is matched and its placeholders filled against.
    static let uploadRequest = ReplayRequest(
        method: "POST", url: "http://127.0.0.1:1/", headers: [(name: "Next-Action", value: "7f00")], body: #"["image-1.png","image/png"]"#)

    /// Runs the loader on the bytes of one fixture file.
    public static func run(_ bytes: UnsafeRawBufferPointer) -> FuzzFinding? {
        let data = Data(bytes)
        let problems = FixtureChecker.check(data: data, name: "fuzz.har")
        let file: HARFile
        do {
            file = try FixtureFile.decode(data, path: "fuzz.har")
        } catch {
            guard problems.isEmpty else { return nil }
            return FuzzFinding("fixtures check passed a file the loader cannot decode: \(error)")
        }
        var refused: Set<Int> = []
        for (index, entry) in file.log.entries.enumerated() {
            guard let refusal = entry.replayProblems.first else { continue }
            guard !problems.isEmpty else {
                return FuzzFinding("MockArena refuses log.entries[\(index)] (\(refusal.message)) but fixtures check passes it")
            }
            refused.insert(index)
        }
        let loadable = FixtureStore.entries(of: file, named: "fuzz.har").filter { !refused.contains($0.index) }
        let store = FixtureStore(entries: loadable)
        for entry in loadable {
            let plan = entry.plan.substituting(origin: "http://127.0.0.1:1", for: uploadRequest, now: Date(timeIntervalSince1970: 1_790_000_000))
            _ = plan.responseHead
            let recorded = file.log.entries[entry.index].request
            let own = ReplayRequest(
                method: recorded.method, url: recorded.url, headers: recorded.headers.map { (name: $0.name, value: $0.value) },
                body: recorded.postData?.text ?? "")
            _ = store.candidates(for: own)
            _ = store.closest(to: own)
        }
        _ = store.candidates(for: uploadRequest)
        return nil
    }
}
