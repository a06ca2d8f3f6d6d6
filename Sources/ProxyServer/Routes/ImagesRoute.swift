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
    let route: AnswerRoute
    let fetcher: any ImageFetcher

    func handle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await route.respond(to: request) { (generation: ImageGenerationRequest, request) in
            let model = try imageModel(named: generation.model)
            let logger = context.logger
            let client = route.clients.name(of: request, context: context)
            let urls = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
                for index in 0..<generation.count {
                    group.addTask { (index, try await generate(model: model, prompt: generation.prompt, client: client, logger: logger)) }
                }
                var results = [[String]](repeating: [], count: generation.count)
                for try await (index, images) in group { results[index] = images }
                return results.flatMap { $0 }
            }
            var images = GeneratedImages(urls: urls)
            if generation.responseFormat == .b64JSON {
                images.bytes = try await withThrowingTaskGroup(of: (Int, ByteBuffer).self) { group in
                    for (index, url) in urls.enumerated() {
                        group.addTask { (index, try await download(url)) }
                    }
                    var results = [ByteBuffer](repeating: ByteBuffer(), count: urls.count)
                    for try await (index, bytes) in group { results[index] = bytes }
                    return results
                }
            }
            logger.info("image generation", metadata: ["model": "\(model.name)", "n": "\(generation.count)", "images": "\(urls.count)"])
            return AnswerRoute.json(images.body())
        }
    }

    /// The requested image model, or the default one: `dall-e-3` when registered, else the first image model.
    private func imageModel(named name: String?) throws(OpenAIError) -> ArenaModel {
        let registry = route.catalogue.current
        let images = registry.models.filter { $0.modality == .image }
        guard let name else {
            guard let fallback = registry.model(named: "dall-e-3") ?? images.first else {
                throw OpenAIError(
                    status: 400, message: "no image model is registered", type: .invalidRequest, param: "model", code: .modelNotFound)
            }
            return fallback
        }
        let model = try route.model(named: name)
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
    private func generate(model: ArenaModel, prompt: String, client: String, logger: Logger) async throws -> [String] {
        let opened = try await route.open(model, ArenaConversation(prompt: prompt), name: model.name, client: client, param: "prompt", logger: logger)
        let answer = try await route.collect(opened, name: model.name, line: "image generation answer", logger: logger)
        guard !answer.images.isEmpty else {
            let said = answer.content.isEmpty ? "" : ": \(answer.content.prefix(200))"
            throw OpenAIError(status: 502, message: "the image model answered without an image\(said)", type: .upstream, code: .noImage)
        }
        return answer.images
    }
}
