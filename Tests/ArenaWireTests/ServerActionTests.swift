import Foundation
import NIOCore
import Testing

@testable import ArenaWire

/// Finding the upload actions in the site's code, the state that keeps them, and reading an
/// action's reply.
struct ServerActionTests {
    static let generate = "7f3a9c2e41d0b8f6a5e4c3b2a1908f7e6d5c4b3a21"
    static let signed = "40b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0"

    @Test func chunkPathsComeFromScriptTagsAndFlightDataWithAppChunksFirst() {
        let html =
            #"<script src="/_next/static/chunks/webpack-1.js"></script><script src="/_next/static/chunks/app/page-2.js" async></script>"#
            + #"<script>self.__next_f.push([1,"7:I[\"1\",[\"static/chunks/app/c/page-3.js\",\"static/chunks/webpack-1.js\"]]"])</script>"#
            + #"<link href="/_next/static/chunks/../../secret.js"><script src="/_next/static/chunks/app/page-2.js"></script>"#
        #expect(
            ServerActionScanner.chunkPaths(inPage: html) == [
                "/_next/static/chunks/app/page-2.js", "/_next/static/chunks/app/c/page-3.js", "/_next/static/chunks/webpack-1.js",
            ])
    }

    @Test func referencesAreReadFromMinifiedCreateServerReferenceCalls() {
        let script =
            #"let a=(0,r.createServerReference)("\#(Self.generate)",r.callServer,void 0,r.findSourceMapURL,"generateUploadUrl"),"#
            + #"b=(0,r.createServerReference)("00aa11bb22cc33dd44ee55ff66aa77bb88cc99dd00",r.callServer,void 0,r.findSourceMapURL,"signOut"),"#
            + #"c=createServerReference('\#(Self.signed)', callServer, undefined, findSourceMapURL, 'getSignedUrl'),"#
            + #"d=(0,r.createServerReference)("not-hex",r.callServer,void 0,r.findSourceMapURL,"getSignedUrl"),"#
            + #"e=(0,r.createServerReference)("7f3a9c2e41d0b8f6a5e4c3b2a1908f7e6d5c4b3a99",r.callServer,void 0,r.findSourceMapURL,"generateUploadUrl")"#
        let found = ServerActionScanner.references(inScript: script)
        #expect(found == ["generateUploadUrl": Self.generate, "getSignedUrl": Self.signed], "the first reference of each wanted name, hex ids only")
        #expect(ServerActionIDs(references: found) == ServerActionIDs(generateUploadUrl: Self.generate, getSignedUrl: Self.signed))
        #expect(ServerActionIDs(references: ["generateUploadUrl": Self.generate]) == nil)
        #expect(ServerActionScanner.references(inScript: "createServerReference(") == [:])
        #expect(ServerActionScanner.references(inScript: #"createServerReference)("\#(Self.generate)""#) == [:], "a call cut short names nothing")
    }

    @Test func theStateDiscoversOnceAndSharesTheDiscovery() {
        let ids = ServerActionIDs(generateUploadUrl: Self.generate, getSignedUrl: Self.signed)
        let now = ContinuousClock.now
        var state = ServerActionState(pinned: nil)
        #expect(state.need(now: now) == .discover)
        #expect(state.need(now: now) == .wait, "a second caller waits for the discovery in flight")
        state.discovered(.success(ids), now: now)
        #expect(state.need(now: now) == .use(ids))
        #expect(state.source == .discovered)
    }

    @Test func aFailedDiscoveryPausesAndAStaleIDIsForgottenOnce() {
        let old = ServerActionIDs(generateUploadUrl: Self.generate, getSignedUrl: Self.signed)
        let new = ServerActionIDs(generateUploadUrl: String(repeating: "a", count: 42), getSignedUrl: String(repeating: "b", count: 42))
        let now = ContinuousClock.now
        var state = ServerActionState(pinned: old)
        #expect(state.source == .pinned)
        #expect(state.stale(old, now: now) == .discover, "the pinned ids the site no longer knows are discovered again")
        let failure = UploadFailure(step: .discoverActions, detail: "no page")
        state.discovered(.failure(failure), now: now)
        #expect(state.need(now: now + .seconds(5)) == .fail(failure), "a failed discovery is not repeated at once")
        #expect(state.need(now: now + ServerActionState.failurePause + .seconds(1)) == .discover)
        state.discovered(.success(new), now: now)
        #expect(state.stale(old, now: now) == .use(new), "ids already replaced are not forgotten again")
        #expect(state.discoveries == 2)
    }

    @Test func actionRepliesAreReadFromLineOne() {
        func parse(_ text: String, status: Int = 200) -> ServerActionReply {
            ServerActionReply.parse(status: status, body: ByteBuffer(string: text))
        }
        #expect(
            parse("0:{\"a\":\"$@1\",\"f\":\"\",\"b\":\"x\"}\n1:{\"success\":true,\"data\":{\"uploadUrl\":\"https://u\",\"key\":\"k\"}}\n")
                == .data(["uploadUrl": "https://u", "key": "k"]))
        #expect(parse("Server action not found.", status: 404) == .actionNotFound)
        #expect(parse("1:{\"success\":false,\"error\":\"File too large\"}\n") == .failed("it answered File too large"))
        #expect(parse("1:not json\n") == .failed("its answer line 1 is not a JSON object"))
        #expect(parse("{\"error\":\"Internal\"}", status: 500) == .failed("lmarena answered 500: Internal"))
        #expect(parse("0:{}\n") == .failed("its answer has no line 1 (5 bytes)"))
    }

    @Test func signedURLsAreKeptUntilShortlyBeforeTheyExpire() throws {
        let signedAt = try #require(SignedURLCache.amzDate("20261128T100000Z"))
        let url = "https://store.example/k?X-Amz-Date=20261128T100000Z&X-Amz-Expires=3600&X-Amz-Signature=abc"
        #expect(SignedURLCache.expiry(of: url) == signedAt.addingTimeInterval(3600))
        var cache = SignedURLCache()
        cache.store(url, for: "digest", now: signedAt)
        #expect(cache.url(for: "digest", now: signedAt.addingTimeInterval(60)) == url)
        #expect(cache.url(for: "digest", now: signedAt.addingTimeInterval(3600 - SignedURLCache.margin + 1)) == nil, "not handed out near its expiry")
        #expect(cache.url(for: "other", now: signedAt) == nil)
        cache.store("https://store.example/k2?X-Amz-Signature=abc", for: "undated", now: signedAt)
        #expect(cache.url(for: "undated", now: signedAt) == nil, "a URL whose expiry cannot be read is not kept")
        #expect(SignedURLCache.amzDate("2026-11-28") == nil)
    }

    @Test func theCacheKeepsAtMostItsCapacity() throws {
        let start = try #require(SignedURLCache.amzDate("20261128T100000Z"))
        var cache = SignedURLCache()
        for index in 0..<(SignedURLCache.capacity + 10) {
            cache.store("https://s/\(index)?X-Amz-Date=20261128T100000Z&X-Amz-Expires=\(3600 + index)", for: "d\(index)", now: start)
        }
        #expect(cache.count == SignedURLCache.capacity)
        #expect(cache.url(for: "d0", now: start) == nil, "the soonest to expire went first")
        #expect(cache.url(for: "d\(SignedURLCache.capacity + 9)", now: start) != nil)
    }

    @Test func signaturePartsOfSignedURLsAreRedactedEverywhere() {
        let url = "https://r2.example/k?X-Amz-Credential=AKIA%2F2026&X-Amz-Date=20261128T100000Z&x-amz-signature=deadbeef&X-Amz-Security-Token=tok#f"
        #expect(
            Redactor().scrub(url)
                == "https://r2.example/k?X-Amz-Credential=REDACTED&X-Amz-Date=20261128T100000Z&x-amz-signature=REDACTED&X-Amz-Security-Token=REDACTED#f"
        )
        let json = #"{"url":"https://s/k?X-Amz-Signature=cafe1234"}"#
        #expect(Redactor().body(json) == #"{"url":"https://s/k?X-Amz-Signature=REDACTED"}"#)
        #expect(Redactor().scrub("no signed url here") == "no signed url here")
    }
}
