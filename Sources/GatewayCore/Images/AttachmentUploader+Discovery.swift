import Accounts
import ArenaWire
import Foundation
import Logging
import NIOCore
import NIOHTTP1

extension AttachmentUploader {
    /// Reads the site's front page, then its script chunks (page and layout chunks first) until
    /// both actions are named.
    func discover() async throws(UploadFailure) -> ServerActionIDs {
        let (status, page, headers) = try await exchange(
            builder.actionDiscoveryPageRequest(), step: .discoverActions, image: nil, limit: Self.maxScriptBytes)
        guard status == 200 else {
            throw UploadFailure(step: .discoverActions, detail: describe(status: status, headers: headers, body: page, what: "its front page"))
        }
        let paths = ServerActionScanner.chunkPaths(inPage: String(buffer: page))
        guard !paths.isEmpty else {
            throw UploadFailure(step: .discoverActions, detail: "the front page references no /_next/static/chunks/ scripts")
        }
        var found: [String: String] = [:]
        var read = 0
        for path in paths.prefix(Self.maxChunks) {
            let (status, script, _) = try await exchange(
                builder.scriptRequest(path: path), step: .discoverActions, image: nil, limit: Self.maxScriptBytes)
            read += 1
            guard status == 200 else { continue }
            found.merge(ServerActionScanner.references(inScript: String(buffer: script))) { first, _ in first }
            if let ids = ServerActionIDs(references: found) {
                logger.info("discovered lmarena's upload actions in \(read) of \(paths.count) script chunks: \(ids)")
                return ids
            }
        }
        let named = found.keys.sorted().joined(separator: ", ")
        throw UploadFailure(
            step: .discoverActions,
            detail: "none of the \(read) script chunks read names both generateUploadUrl and getSignedUrl"
                + (named.isEmpty ? "" : " (found only \(named))")
                + "; pin the ids with ARENA_ACTION_GENERATE_UPLOAD_URL and ARENA_ACTION_GET_SIGNED_URL")
    }

    /// Sends one request of `step` and reads its answer up to `limit` bytes, all within the step's deadline.
    func exchange(
        _ request: ArenaRequest, step: UploadStep, image: String?, limit: Int, session: ArenaSession? = nil
    ) async throws(UploadFailure) -> (Int, ByteBuffer, HTTPHeaders) {
        let transport = self.transport
        let exchange = self.exchange
        let redactor = self.redactor
        do {
            return try await StepDeadline.run(within: stepTimeout) {
                let response: ArenaResponse
                if let exchange {
                    response = try await exchange.send(request, session: session, redactor: redactor).response
                } else {
                    response = try await transport.send(request)
                }
                let body = try await response.body.collect(upTo: limit)
                return (response.status, body, response.headers)
            }
        } catch let error as StepDeadline.Exceeded {
            throw UploadFailure(step: step, image: image, detail: "no complete answer within UPLOAD_TIMEOUT (\(error.limit))")
        } catch is ArenaBodyTooLarge {
            throw UploadFailure(step: step, image: image, detail: "the answer is larger than \(limit) bytes")
        } catch let failure as UpstreamFailure {
            if case .transport(let problem) = failure {
                throw UploadFailure(step: step, image: image, detail: redactor.scrub(problem.detail))
            }
            throw UploadFailure(step: step, image: image, detail: failure == .cancelled ? "cancelled" : redactor.scrub(failure.description))
        } catch let failure as any ArenaTransportFailure {
            throw UploadFailure(step: step, image: image, detail: redactor.scrub(failure.detail))
        } catch is CancellationError {
            throw UploadFailure(step: step, image: image, detail: "cancelled")
        } catch {
            throw UploadFailure(step: step, image: image, detail: redactor.scrub("the request failed: \(error)"))
        }
    }

    /// A non-200 answer in words: a Cloudflare challenge or block says so.
    func describe(status: Int, headers: HTTPHeaders, body: ByteBuffer, what: String) -> String {
        let verdict = CloudflareDetector.classify(headers: headers, body: body)
        if verdict != .other { exchange?.watch.recordCloudflare(verdict) }
        switch verdict {
        case .challenge:
            return "Cloudflare challenged the request for \(what) (\(status)): \(verdict.advice)"
        case .block:
            return "Cloudflare blocked the request for \(what) (\(status)): \(verdict.advice)"
        case .other:
            return redactor.scrub("lmarena answered \(status) for \(what): \(UpstreamBodyDetail.describe(body))")
        }
    }
}
