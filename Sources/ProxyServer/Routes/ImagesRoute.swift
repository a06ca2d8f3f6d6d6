import ArenaWire
import Foundation
import GatewayCore
import Hummingbird
import Logging
import NIOCore
import OpenAISurface

/// `POST /v1/images/generations`: `n` concurrent upstream generations with an image model,
/// answered as URLs or, with `b64_json`, as the downloaded bytes.
struct ImagesRoute: Sendable {
    let gateway: ArenaGateway
    let catalogue: ModelCatalogue
    let fetcher: any ImageFetcher
    let maxBodyBytes: Int

    func handle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let (body, held) = try await RequestBodyLimit.collect(&request, limit: maxBodyBytes, budget: gateway.bodyBudget)
        defer { held.release() }
        let generation = try ImageGenerationRequest.decode(body)
        let model = try imageModel(named: generation.model)
        let logger = context.logger
        let urls = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for index in 0..<generation.count {
                group.addTask { (index, try await generate(model: model, prompt: generation.prompt, logger: logger)) }
            }
            var results = [[String]](repeating: [], count: generation.count)
            for try await (index, images) in group { results[index] = images }
            return results.flatMap { $0 }
        }
        var items: [String] = []
        switch generation.responseFormat {
        case .url:
            items = urls.map { #"{"url":\#(JSONStringCodec.encode($0))}"# }
        case .b64JSON:
            let encoded = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for (index, url) in urls.enumerated() {
                    group.addTask { (index, Data(try await download(url).readableBytesView).base64EncodedString()) }
                }
                var results = [String](repeating: "", count: urls.count)
                for try await (index, base64) in group { results[index] = base64 }
                return results
            }
            items = encoded.map { #"{"b64_json":"\#($0)"}"# }
        }
        logger.info("image generation", metadata: ["model": "\(model.name)", "n": "\(generation.count)", "images": "\(urls.count)"])
        let json = #"{"created":\#(Int(Date().timeIntervalSince1970)),"data":[\#(items.joined(separator: ","))]}"#
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    /// The requested image model, or the default one: `dall-e-3` when registered, else the first image model.
    private func imageModel(named name: String?) throws -> ArenaModel {
        let registry = catalogue.current
        let images = registry.models.filter { $0.modality == .image }
        guard let name else {
            guard let fallback = registry.model(named: "dall-e-3") ?? images.first else {
                throw OpenAIError(
                    status: 400, message: "no image model is registered", type: .invalidRequest, param: "model", code: .modelNotFound)
            }
            return fallback
        }
        guard let model = registry.model(named: name) else {
            throw OpenAIError.modelNotFound(name, in: registry)
        }
        guard model.modality == .image else {
            let names = images.map(\.name).joined(separator: ", ")
            throw OpenAIError.invalidRequest("'\(name)' is not an image model; image models: \(names)", param: "model", code: .invalidValue)
        }
        return model
    }

    /// The bytes of a generated image; a failed download is a 502 naming the image host.
    private func download(_ url: String) async throws -> ByteBuffer {
        do throws(ImageFetchFailure) {
            return try await fetcher.fetch(url, limit: LiveImageFetcher.maxBytes, within: nil)
        } catch {
            let host = URL(string: url)?.host ?? "the image host"
            let said: String
            switch error {
            case .cancelled: throw CancellationError()
            case .status(let status): said = "it answered \(status)"
            case .tooLarge: said = "the image is larger than \(LiveImageFetcher.maxBytes) bytes"
            case .timedOut(let limit): said = "the download took longer than \(limit)"
            case .transport(let detail): said = detail
            }
            throw OpenAIError(
                status: 502, message: "could not download the generated image from \(host): \(said)", type: .upstream,
                code: .imageDownloadFailed)
        }
    }

    /// One upstream generation: its image URLs.
    private func generate(model: ArenaModel, prompt: String, logger: Logger) async throws -> [String] {
        let opened: ArenaAnswer
        do throws(GatewayFailure) {
            opened = try await gateway.open(model: model, conversation: ArenaConversation(prompt: prompt), logger: logger)
        } catch {
            throw OpenAIError(error, model: model.name)
        }
        let answer: ChatCompletionAggregate
        do throws(UpstreamFailure) {
            answer = try await ChatCompletionAggregate.collect(opened)
        } catch {
            throw OpenAIError(error, model: model.name)
        }
        guard !answer.images.isEmpty else {
            let said = answer.content.isEmpty ? "" : ": \(answer.content.prefix(200))"
            throw OpenAIError(status: 502, message: "the image model answered without an image\(said)", type: .upstream, code: .noImage)
        }
        return answer.images
    }
}
