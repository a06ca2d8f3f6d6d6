import Foundation
import MockArena
import TestSupport
import Testing

@testable import ArenaWire
@testable import FuzzTargets
@testable import OpenAISurface
@testable import ProxyServer
@testable import Recorder

/// The fuzzing targets: every input kept in `Tests/fuzz/regressions` (edge inputs
/// chosen by hand, and every crash fuzzing found) and every fixture holds each target's
/// properties; and the properties can fail, so a clean run means something.
struct FuzzTargetTests {
    static let regressions: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<2 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("fuzz/regressions")
    }()

    static let targets = ParserFuzzTarget.allCases.map(\.rawValue) + ["fixture-loader"]

    static func run(_ target: String, _ data: Data) -> FuzzFinding? {
        if let parser = ParserFuzzTarget(rawValue: target) { return parser.run(data) }
        return data.withUnsafeBytes { FixtureLoaderProbe.run($0) }
    }

    @Test(arguments: targets)
    func everyKeptInputHoldsTheTargetsProperties(target: String) throws {
        let directory = Self.regressions.appendingPathComponent(target)
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        #expect(!files.isEmpty, "no kept input for \(target)")
        for file in files {
            let finding = Self.run(target, try Data(contentsOf: file))
            #expect(finding == nil, "\(target) on \(file.lastPathComponent): \(String(describing: finding))")
        }
    }

    @Test
    func everyFixtureLoadsAndEveryRecordedStreamHoldsUnderAnyCut() throws {
        let files = try FixtureFile.list(in: FixtureCorpus.directory)
        #expect(files.count > 40)
        var streams = 0
        for url in files {
            let data = try Data(contentsOf: url)
            #expect(Self.run("fixture-loader", data) == nil, "\(url.lastPathComponent)")
            for entry in try FixtureFile.read(url).log.entries {
                guard let text = entry.response.content.text, entry.request.url.contains("evaluation") else { continue }
                streams += 1
                for seed: UInt8 in [0, 1, 7, 63] {
                    let finding = Self.run("stream-parser", Data([seed]) + Data(text.utf8))
                    #expect(finding == nil, "\(url.lastPathComponent), cut \(seed): \(String(describing: finding))")
                }
            }
        }
        #expect(streams > 30)
    }

    @Test
    func aCookieHeaderCarryingALineBreakIsAFinding() {
        let session = ArenaSession(number: 1, cookies: [.init(name: "arena-auth-prod-v1", value: "abc\r\nX-Injected: 1")])
        #expect(CookieProbe.check(session, after: "a test")?.description.contains("CR, LF or NUL") == true)
        let clean = ArenaSession(number: 1, cookies: [.init(name: "arena-auth-prod-v1", value: "abc")])
        #expect(CookieProbe.check(clean, after: "a test") == nil)
        let authless = ArenaSession(number: 1, cookies: [.init(name: "cf_clearance", value: "abc")])
        #expect(CookieProbe.check(authless, after: "a test")?.description.contains("no auth cookie") == true)
    }

    @Test
    func aRefusalThatIsNotAShortOpenAIClientErrorIsAFinding() {
        #expect(ChatRequestProbe.checkRefusal(.invalidRequest("model must be a string", param: "model"), decoder: "chat") == nil)
        let server = OpenAIError(status: 500, message: "crashed", type: .server)
        #expect(ChatRequestProbe.checkRefusal(server, decoder: "chat")?.description.contains("status 500") == true)
        let echo = OpenAIError.invalidRequest("bad value " + String(repeating: "x", count: 5000))
        #expect(ChatRequestProbe.checkRefusal(echo, decoder: "chat")?.description.contains("characters long") == true)
    }

    @Test
    func aStreamCutAnywhereParsesTheSame() {
        let stream = Data(#"a0:"Hel"\#na0:"lo \u00e9\ud83d\ude00"\#nag:"why"\#nad:{"finishReason":"stop"}\#n"#.utf8)
        let whole = stream.withUnsafeBytes { StreamParserProbe.parse($0, pieces: [$0.count]) }
        #expect(whole.events == [.text("Hel"), .text("lo é😀"), .reasoning("why"), .finish(reason: "stop", usage: nil)])
        for seed: UInt8 in [0, 2, 9, 200] {
            let sizes = StreamParserProbe.pieceSizes(total: stream.count, seed: seed)
            #expect(sizes.reduce(0, +) >= stream.count && sizes.allSatisfy { $0 >= 1 })
            #expect(stream.withUnsafeBytes { StreamParserProbe.parse($0, pieces: sizes) } == whole)
        }
        #expect(StreamParserProbe.checkFrames(of: whole.events) == nil)
    }
}
