import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ProxyServer
import TestSupport
import Testing

/// Guards against a defect found by an attack run: a model name with a newline forged a log line, a NUL reached the log, and
/// a 1 MB name gave a 1 MB log line and a 1 MB error body.
struct LogInjectionTests {
    @Test func controlCharactersAreEscapedAndLongValuesCut() {
        #expect(EscapingLogHandler<SwiftLogNoOpLogHandler>.escape("a\nb\rc\u{0}d\u{7F}") == #"a\nb\rc\u{0}d\u{7f}"#)
        let long = EscapingLogHandler<SwiftLogNoOpLogHandler>.escape(String(repeating: "x", count: 1_000_000))
        #expect(long.count < 4200 && long.hasSuffix("(1000000 characters)"))
    }

    @Test func aHostileModelNameForgesNoLineAndIsNotEchoedWhole() async throws {
        let records = LogCapture()
        let logger = Logger(label: "gateway") { _ in EscapingLogHandler(records.handler()) }
        let app = try GatewayHarness.application(
            configuration: GatewayHarness.configuration { $0.maxRequestBytes = 4 << 20 },
            transport: UpstreamEchoRedactionTests.EchoingTransport(status: 500, contentType: "text/plain"), logger: logger)
        let forged = "gpt-x\n2026-11-28T00:00:00+0000 error lmarena2api: FORGED\u{0}"
        let huge = String(repeating: "m", count: 1_000_000)
        try await app.test(.router) { client in
            for model in [forged, huge] {
                let body = try JSONSerialization.data(withJSONObject: ["model": model, "messages": [["role": "user", "content": "hi"]]])
                let response = try await client.execute(
                    uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: body))
                #expect(response.status == .notFound)
                #expect(response.body.readableBytes < 2048, "the error body echoes at most a cut of the name")
            }
        }
        #expect(!records.messages.isEmpty)
        for line in records.messages {
            #expect(!line.contains("\n") && !line.contains("\u{0}"), "\(line.prefix(200))")
            #expect(line.count < 10_000)
        }
        #expect(records.messages.contains { $0.contains(#"gpt-x\n2026-11-28"#) }, "the newline is written as \\n")
    }
}
