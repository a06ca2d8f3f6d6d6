import ArenaWire
import Foundation
import MockArena
import NIOCore
import OpenAISurface
import Recorder
import TestSupport
import Testing

struct HARImporterTests {
    static let session = "base64-eyJhY2Nlc3NfdG9rZW4iOiJicm93c2VyLXNlc3Npb24tdmFsdWUtMTIzNDU2In0"
    static let clearance = "browserClearance0123456789abcdefghijklmn-1700000000-1.2.1.1"
    static let token = "03AFcWeA6browserRecaptchaToken0123456789abcdef"

    /// A browser-style export: the page, scripts, an image, analytics, a cancelled request, and
    /// the API exchanges, with cookies everywhere as browsers write them.
    static func browserExport() -> String {
        let cookies =
            #"[{"name":"cf_clearance","value":"\#(clearance)","path":"/","domain":".arena.ai","httpOnly":true,"secure":true},{"name":"arena-auth-prod-v1","value":"\#(session)"}]"#
        let cookieHeader = #"{"name":"cookie","value":"cf_clearance=\#(clearance); arena-auth-prod-v1=\#(session)"}"#
        func entry(_ method: String, _ url: String, status: Int, mime: String, text: String, body: String? = nil) -> String {
            let post = body.map { #","postData":{"mimeType":"text/plain;charset=UTF-8","text":\#(JSONStringCodec.encode($0))}"# } ?? ""
            return #"""
                {"startedDateTime":"2026-11-20T09:00:00.000Z","time":420.5,"_initiator":{"type":"script"},"_priority":"High","pageref":"page_1",
                 "request":{"method":"\#(method)","url":"\#(url)","httpVersion":"h2","headers":[\#(cookieHeader),{"name":"user-agent","value":"Mozilla/5.0"}],
                            "queryString":[],"cookies":\#(cookies),"headersSize":-1,"bodySize":0\#(post)},
                 "response":{"status":\#(status),"statusText":"","httpVersion":"h2","headers":[{"name":"content-type","value":"\#(mime)"},
                             {"name":"set-cookie","value":"arena-auth-prod-v1=\#(session); Path=/; Secure"}],"cookies":[],
                             "content":{"size":\#(text.utf8.count),"mimeType":"\#(mime)","text":\#(JSONStringCodec.encode(text))},"redirectURL":"",
                             "headersSize":-1,"bodySize":-1,"_transferSize":1200,"_error":null},
                 "cache":{},"timings":{"blocked":1.2,"dns":-1,"ssl":-1,"connect":-1,"send":0.3,"wait":380.1,"receive":40.1,"_blocked_queueing":0.5},
                 "serverIPAddress":"104.18.0.1","connection":"443"}
                """#
        }
        let create =
            #"{"id":"019a0000-0000-7000-8000-000000000001","mode":"direct","modelAId":"14e9311c-94d2-40c2-8c54-273947e208b0","modality":"chat","userMessage":{"content":"Hello from the browser","experimental_attachments":[],"metadata":{}},"recaptchaV3Token":"\#(token)"}"#
        let follow =
            #"{"id":"019a0000-0000-7000-8000-000000000001","modelAId":"14e9311c-94d2-40c2-8c54-273947e208b0","modality":"chat","userMessage":{"content":"And again"},"recaptchaV3Token":"\#(token)"}"#
        let entries = [
            entry("GET", "https://arena.ai/", status: 200, mime: "text/html", text: "<html><title>LMArena</title></html>"),
            entry("GET", "https://arena.ai/_next/static/chunks/main-abc.js", status: 200, mime: "application/javascript", text: "console.log(1)"),
            entry("GET", "https://arena.ai/images/logo.png", status: 200, mime: "image/png", text: ""),
            entry("POST", "https://www.google-analytics.com/g/collect?v=2&tid=G-X", status: 204, mime: "text/plain", text: ""),
            entry(
                "POST", "https://arena.ai/nextjs-api/stream/create-evaluation", status: 200, mime: "text/plain",
                text: "a0:\"Hi \"\na0:\"there!\"\nad:{\"finishReason\":\"stop\"}\n", body: create),
            entry(
                "POST", "https://arena.ai/nextjs-api/stream/post-to-evaluation/019a0000-0000-7000-8000-000000000001", status: 200,
                mime: "text/plain", text: "a0:\"Again.\"\nad:{\"finishReason\":\"stop\"}\n", body: follow),
            entry("GET", "https://arena.ai/nextjs-api/model-catalog", status: 200, mime: "application/json", text: #"{"models":[]}"#),
            entry("POST", "https://arena.ai/nextjs-api/stream/create-evaluation", status: 0, mime: "", text: "", body: create),
        ]
        return
            #"{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[\#(entries.joined(separator: ","))]}}"#
    }

    @Test func keepsTheAPIExchangesDropsTheRestAndRedacts() async throws {
        let directory = RedactionTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathExtension("har")
        defer { try? FileManager.default.removeItem(at: source) }
        try Self.browserExport().write(to: source, atomically: true, encoding: .utf8)
        let report = try HARImporter.importFile(
            source, into: FixtureWriter(directory: directory, modelNames: ["14e9311c-94d2-40c2-8c54-273947e208b0": "gpt-4.1-2025-04-14"]))
        #expect(
            report.kept.map { FixtureKey.normalizedPath($0.url) } == [
                "/nextjs-api/stream/create-evaluation", "/nextjs-api/stream/post-to-evaluation/{id}", "/nextjs-api/model-catalog",
            ])
        #expect(
            report.kept.map(\.file.lastPathComponent) == [
                "v2-gpt-4.1-2025-04-14-hello-from-the-browser-001.har", "v2-gpt-4.1-2025-04-14-and-again-001.har",
                "v2-no-model-model-catalog-001.har",
            ])
        #expect(report.dropped.count == 5)
        #expect(report.dropped.filter { $0.reason == "not an lmarena API exchange" }.count == 4)
        #expect(report.dropped.contains { $0.reason.contains("no response") })

        let all = try RedactionTests.everything(under: directory)
        for secret in [Self.session, Self.clearance, Self.token] {
            #expect(!all.contains(secret))
        }
        #expect(try FixtureChecker.check(directory: directory).isEmpty)
        let imported = try FixtureFile.read(report.kept[0].file)
        #expect(imported.log.fixture?.source == "imported")
        #expect(imported.log.entries[0].response.chunks == nil, "browser exports carry no chunks")

        // The imported exchange replays as one chunk, and the gateway answers its text.
        let transport = ReplayTransport(replayer: try FixtureReplayer(directory: directory))
        let request = ArenaRequestBuilder(dialect: .v2).chatRequest(
            model: ArenaModel(name: "gpt-4.1-2025-04-14", id: "14e9311c-94d2-40c2-8c54-273947e208b0", modality: .chat),
            conversation: ArenaConversation(prompt: "Hello from the browser"), session: nil, recaptchaToken: "new")
        let response = try await transport.send(request)
        var chunks: [String] = []
        for try await chunk in response.body { chunks.append(String(buffer: chunk)) }
        #expect(chunks == ["a0:\"Hi \"\na0:\"there!\"\nad:{\"finishReason\":\"stop\"}\n"])
    }

    @Test func anExportThatIsNotHARIsACleanError() throws {
        let source = RedactionTests.temporaryDirectory().appendingPathExtension("har")
        defer { try? FileManager.default.removeItem(at: source) }
        try Data("<html>".utf8).write(to: source)
        #expect(throws: FixtureFileError.self) {
            _ = try HARImporter.importFile(source, into: FixtureWriter(directory: RedactionTests.temporaryDirectory()))
        }
    }
}
