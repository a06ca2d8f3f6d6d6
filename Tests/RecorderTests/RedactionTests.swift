import ArenaWire
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import OpenAISurface
import Recorder
import TestSupport
import Testing

/// A transport that answers every request with one fixed response, for recorder tests.
struct CannedTransport: ArenaTransport {
    let status: Int
    let headers: HTTPHeaders
    let chunks: [String]

    func send(_ request: ArenaRequest) async throws -> ArenaResponse {
        ArenaResponse(status: status, headers: headers, body: ArenaBody(chunks: chunks.map { ByteBuffer(string: $0) }))
    }
}

struct RedactionTests {
    static let session = "base64-eyJhY2Nlc3NfdG9rZW4iOiJtYWRlLXVwLWFjY2Vzcy10b2tlbi0xMjM0NTY3ODkwIn0"
    static let clearance = "madeUpClearance.0123456789abcdefghijklmnop-1700000000-1.2.1.1"
    static let token = "03AFcWeA6madeUpRecaptchaToken0123456789abcdefghijkl"
    static let bearer = "sk-madeUpBearerKey0123456789abcdefgh"
    static let csrf = "csrf-madeUp-0123456789abcdef"

    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("lmarena2api-\(UUID().uuidString)")
    }

    /// Every byte of every file under `directory`, as text.
    static func everything(under directory: URL) throws -> String {
        var all = ""
        for case let url as URL in FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)! {
            if let data = try? Data(contentsOf: url) { all += String(decoding: data, as: UTF8.self) }
        }
        return all
    }

    @Test func noCredentialReachesTheDisk() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sessionParts = ArenaSession(entry: "\(Self.session)|second-half-\(Self.csrf)", number: 1)!
        let redactor = Redactor(secrets: [Self.session, "second-half-\(Self.csrf)", Self.clearance, Self.token, Self.bearer])
        let upstream = CannedTransport(
            status: 200, headers: ["content-type": "text/plain", "set-cookie": "arena-auth-prod-v1=\(Self.session); Path=/; HttpOnly"],
            chunks: ["a0:\"echo \(Self.token)\"\n", "ad:{\"finishReason\":\"stop\"}\n"])
        let transport = RecordingTransport(
            base: upstream, writer: try FixtureWriter(directory: directory), redactor: redactor, dialect: .v2, logger: Logger(label: "test"))
        var request = ArenaRequestBuilder(dialect: .v2, cfClearance: Self.clearance).chatRequest(
            model: ArenaModel(name: "m", id: "14e9311c-94d2-40c2-8c54-273947e208b0", modality: .chat),
            conversation: ArenaConversation(prompt: "hello"), session: sessionParts, recaptchaToken: Self.token)
        request.headers.add(name: "authorization", value: "Bearer \(Self.bearer)")
        request.headers.add(name: "x-csrf-token", value: Self.csrf)
        request.url += "?token=\(Self.token)"
        let response = try await transport.send(request)
        var read = ""
        for try await chunk in response.body { read += String(buffer: chunk) }
        #expect(read.contains(Self.token), "the client still gets the bytes as sent")

        let all = try Self.everything(under: directory)
        #expect(!all.isEmpty)
        for secret in [Self.session, Self.clearance, Self.token, Self.bearer, Self.csrf] {
            #expect(!all.contains(secret), "a recorded file holds \(secret.prefix(12))...")
        }
        #expect(all.contains("cf_clearance=REDACTED; arena-auth-prod-v1.0=REDACTED; arena-auth-prod-v1.1=REDACTED"), "cookie names stay")
        #expect(try FixtureChecker.check(directory: directory).isEmpty)

        let file = try #require(try FixtureFile.list(in: directory).first)
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "cf_clearance=REDACTED", with: "cf_clearance=\(Self.clearance)")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let problems = try FixtureChecker.check(directory: directory)
        #expect(problems.contains { $0.file == file.lastPathComponent && $0.message.contains("cf_clearance") })
        #expect(problems.contains { $0.field.contains("headers") && $0.field.contains("cookie") })
    }

    @Test func bodyFieldsAreRedactedAtAnyDepth() {
        let redactor = Redactor()
        let body = redactor.body(#"{"a":{"recaptchaV2Token":"x"},"list":[{"recaptchaV3Token":"y"}],"keep":"z"}"#)
        #expect(body == #"{"a":{"recaptchaV2Token":"REDACTED"},"keep":"z","list":[{"recaptchaV3Token":"REDACTED"}]}"#)
        #expect(redactor.body("not json \(Self.token)") == "not json \(Self.token)")
        #expect(Redactor(secrets: [Self.token]).body("not json \(Self.token)") == "not json REDACTED")
        #expect(redactor.headerValue(name: "Set-Cookie", value: "a=1; Path=/; HttpOnly") == "a=REDACTED")
        #expect(redactor.headerValue(name: "X-Upstream-Token", value: "abc") == "REDACTED")
        #expect(redactor.headerValue(name: "user-agent", value: "UA") == "UA")
    }

    @Test func aPartialFileFromAKilledWriterIsRemovedAndNeverLoaded() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let partial = directory.appendingPathComponent(".v2-m-x-001.har.123.har.partial")
        try Data("{\"log\":{\"entr".utf8).write(to: partial)
        #expect(try FixtureFile.list(in: directory).isEmpty, "loaders only read .har files")
        _ = try FixtureWriter(directory: directory)
        #expect(!FileManager.default.fileExists(atPath: partial.path))
    }

    @Test func namesAreStableAndReadable() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try FixtureWriter(directory: directory, modelNames: ["14e9311c": "gpt-4.1-2025-04-14"])
        let file = HARFile(log: HARLog(fixture: nil, entries: []))
        let first = try writer.write(file, dialect: "v2", modelID: "14e9311c", prompt: "Say hello, world! 😀")
        let second = try writer.write(file, dialect: "v2", modelID: "14e9311c", prompt: "Say hello, world! 😀")
        #expect(first.lastPathComponent == "v2-gpt-4.1-2025-04-14-say-hello-world-001.har")
        #expect(second.lastPathComponent == "v2-gpt-4.1-2025-04-14-say-hello-world-002.har")
        #expect(FixtureWriter.slug(String(repeating: "long words ", count: 20), limit: 40).count <= 40)
    }
}

/// Cookies rotated in at run time are scrubbed too; fixtures send only synthetic cookies in full.
struct RotatedSecretTests {
    @Test func aLearnedSecretIsScrubbedFromThenOn() {
        let registry = SecretRegistry()
        let redactor = Redactor(secrets: ["configured-secret"], learned: registry)
        #expect(redactor.scrub("echo rotated-value-123 and configured-secret") == "echo rotated-value-123 and REDACTED")
        registry.learn(["rotated-value-123", "short"])
        #expect(redactor.scrub("echo rotated-value-123 and configured-secret") == "echo REDACTED and REDACTED")
        #expect(registry.secrets == ["rotated-value-123"], "values under 6 characters are not learned")
    }

    @Test func theRegistryKeepsTheNewestValues() {
        let registry = SecretRegistry()
        registry.learn((0..<(SecretRegistry.capacity + 10)).map { "value-\(1000 + $0)" })
        #expect(registry.secrets.count == SecretRegistry.capacity)
        #expect(!registry.secrets.contains("value-1000") && registry.secrets.contains("value-\(1000 + SecretRegistry.capacity + 9)"))
    }

    @Test func setCookiesInFixturesMustBeSyntheticSessions() throws {
        let live =
            "eyJhY2Nlc3NfdG9rZW4iOiJleUpoYkdjaU9pSkZVekkxTmlKOS5leUp6ZFdJaU9pSjFJbjAuc2lnIiwicmVmcmVzaF90b2tlbiI6ImxpdmUtcmVmcmVzaC10b2tlbi0xMjM0NSJ9"
        let synthetic = SessionFixtures.cookie(serial: 1, expiresAt: Date(timeIntervalSince1970: 1_900_000_000))
        for (value, synthetic) in [(live, false), (synthetic, true), ("short-test-value", true), ("", true)] {
            var entry = try SessionFixtures.answer(prompt: "Checked", cookie: nil, setCookies: [SessionFixtures.setCookie(value)])
            entry.match = FixtureMatch(cookies: ["arena-auth-prod-v1": value])
            let directory = try SessionFixtures.directory("checked", [entry])
            defer { try? FileManager.default.removeItem(at: directory) }
            let problems = try FixtureChecker.check(directory: directory)
            #expect(problems.contains { $0.field.hasSuffix("_setCookies") } == !synthetic, "\(problems)")
            #expect(problems.contains { $0.field.hasSuffix("_match.cookies") } == !synthetic, "\(problems)")
        }
    }
}
