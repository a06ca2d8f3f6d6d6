import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import ArenaWire

struct CloudflareDetectorTests {
    static func verdict(_ html: String, headers: HTTPHeaders = [:]) -> CloudflareVerdict {
        CloudflareDetector.classify(headers: headers, body: ByteBuffer(string: html))
    }

    static let challengePage = """
        <!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
        <meta http-equiv="refresh" content="360"></head><body><div class="main-wrapper" role="main">
        <noscript><div class="h2">Enable JavaScript and cookies to continue</div></noscript></div>
        <script>(function(){window._cf_chl_opt={cvId:'3',cZone:'arena.ai',cType:'managed',cRay:'8f0000000000abcd'};
        var a=document.createElement('script');a.src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8f0000000000abcd';
        document.getElementsByTagName('head')[0].appendChild(a);}());</script></body></html>
        """

    @Test func aChallengePageIsAChallenge() {
        #expect(Self.verdict(Self.challengePage) == .challenge)
    }

    @Test(arguments: [
        "<html><head><title>  Just a moment...  </title></head><body></body></html>",
        "<html><head><title>Checking</title><script>window._cf_chl_opt = {cType: 'managed'};</script></head></html>",
        "<html><head><script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=1\"></script></head></html>",
        "<html><body><form id=\"challenge-form\" action=\"/x?__cf_chl_f_tk=abc\" method=\"POST\"></form></body></html>",
    ])
    func eachChallengeSignalAloneIsEnough(page: String) {
        #expect(Self.verdict(page) == .challenge)
    }

    /// Found while fuzzing: libxml2 printed its parse errors to standard error, with
    /// bytes of the page (from upstream, unredacted) in them, once per odd page.
    @Test func parseErrorsAreNotPrintedToStandardError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let page: [UInt8] = [0, 0, 0, 0x3C] + Array(repeating: 0xFF, count: 64) + Array("<title>x</title>".utf8)
        fflush(nil)
        let saved = dup(2)
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        dup2(file, 2)
        let verdict = page.withUnsafeBytes { CloudflareDetector.classify(html: $0) }
        fflush(nil)
        dup2(saved, 2)
        close(file)
        close(saved)
        #expect(verdict == .other)
        let printed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!printed.contains("input conversion failed") && !printed.contains("encoding error"), "\(printed.prefix(300))")
    }

    @Test func theHeaderIsAFastPath() {
        #expect(Self.verdict("", headers: ["cf-mitigated": "challenge"]) == .challenge)
        #expect(Self.verdict("<html></html>", headers: ["CF-Mitigated": "Challenge"]) == .challenge)
    }

    @Test func aBlockPageIsABlock() {
        let page = """
            <!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>
            <div id="cf-wrapper"><div id="cf-error-details"><h1 data-translate="block_headline">Sorry, you have been blocked</h1>
            <h2 class="cf-subheadline"><span data-translate="unable_to_access">You are unable to access</span> arena.ai</h2></div></div></body></html>
            """
        #expect(Self.verdict(page) == .block)
        #expect(Self.verdict("<html><body><h1 data-translate=\"block_headline\">Sorry</h1></body></html>") == .block)
    }

    @Test(arguments: [
        // An ordinary page that loads only Cloudflare's passive beacon.
        """
        <!DOCTYPE html><html><head><title>LMArena</title></head><body><div id="__next">Chat</div>
        <script defer src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script></body></html>
        """,
        // A page with the site's own Turnstile widget.
        """
        <html><head><title>Sign in</title><script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script></head>
        <body><form action="/login"><div class="cf-turnstile" data-sitekey="0x4AAAAAAA"></div></form></body></html>
        """,
        // Text that mentions the markers without being them.
        """
        <html><head><title>Model answer</title></head><body><p>The page said "Just a moment..." and window._cf_chl_opt was set;
        /cdn-cgi/challenge-platform/h/g/orchestrate/ appeared in the text. Attention Required! | Cloudflare</p></body></html>
        """,
        #"{"error":"Just a moment... _cf_chl_opt"}"#,
        "",
    ])
    func lookAlikesAreNeither(page: String) {
        #expect(Self.verdict(page) == .other)
    }

    @Test func aTruncatedChallengeIsStillAChallenge() {
        let cut = String(Self.challengePage.prefix(60))
        #expect(cut.contains("Just a moment") && !cut.contains("</title>"))
        #expect(Self.verdict(String(Self.challengePage.prefix(120))) == .challenge)
    }

    @Test func bytesThatAreNotUTF8DoNotCrash() {
        var bytes: [UInt8] = Array("<html><head><title>".utf8)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { bytes.append(UInt8.random(in: 0...255, using: &generator)) }
        bytes += Array([0xC3, 0x28, 0xFF, 0xFE, 0x00, 0x80])
        let verdict = CloudflareDetector.classify(headers: [:], body: ByteBuffer(bytes: bytes))
        #expect(verdict == .other)
    }

    @Test func megabytesAreCappedAndAMarkerPastTheCapIsNotSeen() {
        let filler = String(repeating: "<div><p>lorem ipsum dolor sit amet</p></div>", count: 100_000)
        let page = "<html><head><title>Big</title></head><body>" + filler + "<script>window._cf_chl_opt={}</script></body></html>"
        #expect(page.utf8.count > 4_000_000)
        #expect(Self.verdict(page) == .other, "only the first \(CloudflareDetector.maxParsedBytes) bytes are parsed")
    }

    @Test func tenThousandNestedElementsDoNotOverflowTheStack() {
        let page =
            "<html><head><title>Just a moment...</title></head><body>"
            + String(repeating: "<div>", count: 10_000) + "deep" + String(repeating: "</div>", count: 10_000) + "</body></html>"
        #expect(Self.verdict(page) == .challenge)
        let unclosed = "<html><body>" + String(repeating: "<span><b>", count: 10_000)
        #expect(Self.verdict(unclosed) == .other)
    }
}
