import ArenaWire
import Foundation
import GatewayCore
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

/// The scripted site, with a step that stalls or a page that is counted.
final class StallingUploadSite: ArenaTransport {
    let base = ScriptedUploadSite()
    /// The method and path that never answer.
    let stall: (method: String, path: String)?
    let pageReads = Mutex(0)

    init(stall: (method: String, path: String)?) {
        self.stall = stall
    }

    func send(_ request: ArenaRequest) async throws -> ArenaResponse {
        if let stall, request.method.rawValue == stall.method, request.path == stall.path {
            try await Task.sleep(for: .seconds(3600))
        }
        if request.method == .GET, request.path == "/" {
            pageReads.withLock { $0 += 1 }
            try await Task.sleep(for: .milliseconds(50))  // long enough for every caller to be waiting
        }
        return try await base.send(request)
    }
}

/// Each upload step has its own deadline and error; concurrent requests share one discovery.
struct UploadStepTests {
    static func image(_ seed: UInt8) -> PreparedImage {
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, seed, seed, seed]
        return PreparedImage(bytes: ByteBuffer(bytes: bytes), format: .png, number: 1, param: "messages[0].content[0]")
    }

    @Test(arguments: [("PUT", "/b/k1", UploadStep.putBytes), ("GET", "/", UploadStep.discoverActions)])
    func aStalledStepFailsAtItsOwnDeadlineNamingIt(method: String, path: String, step: UploadStep) async throws {
        let site = StallingUploadSite(stall: (method, path))
        let uploader = AttachmentUploader(transport: site, builder: ArenaRequestBuilder(dialect: .v2), stepTimeout: .milliseconds(300))
        let started = ContinuousClock.now
        do {
            _ = try await uploader.attachments(for: [Self.image(1)], session: nil)
            Issue.record("the upload should have failed")
        } catch {
            #expect(error.step == step)
            #expect(error.detail.contains("UPLOAD_TIMEOUT"))
        }
        #expect(started.duration(to: .now) < .seconds(30), "the step was cut at its deadline, not left hanging")
    }

    @Test func concurrentUploadsShareOneDiscovery() async throws {
        let site = StallingUploadSite(stall: nil)
        let uploader = AttachmentUploader(transport: site, builder: ArenaRequestBuilder(dialect: .v2), stepTimeout: .seconds(10))
        try await withThrowingTaskGroup(of: [ArenaAttachment].self) { group in
            for seed in UInt8(1)...5 {
                group.addTask { try await uploader.attachments(for: [Self.image(seed)], session: nil) }
            }
            for try await attachments in group { #expect(attachments.count == 1) }
        }
        #expect(site.pageReads.withLock { $0 } == 1, "five uploads, one discovery")
        #expect(uploader.discoveries == 1)
    }
}
