import ArenaWire
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OpenAISurface

/// Drives streams at MockArena directly (the floor) or through the gateway, reading every byte.
struct LoadGenerator: Sendable {
    /// Which way a stream goes.
    enum Path: String, Sendable {
        /// Straight to MockArena's lmarena stream.
        case direct
        /// Through the gateway, as OpenAI server-sent events.
        case proxied
    }

    /// How one stream went.
    struct StreamResult: Sendable {
        let ok: Bool
        let firstByteMs: Double
        let totalMs: Double
    }

    let client: HTTPClient
    let stack: BenchStack

    /// A client with room for every concurrent stream.
    static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 4096)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The request for `answer` on `path`.
    func request(_ answer: BenchAnswers.Answer, path: Path) -> HTTPClientRequest {
        switch path {
        case .direct:
            let upstream = ArenaRequestBuilder(dialect: .v2, baseURL: "http://127.0.0.1:\(stack.mockPort)").chatRequest(
                model: BenchAnswers.model, conversation: ArenaConversation(prompt: answer.prompt), session: nil, recaptchaToken: "bench")
            var request = HTTPClientRequest(url: upstream.url)
            request.method = .POST
            request.body = .bytes(upstream.body)
            return request
        case .proxied:
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(stack.proxyPort)/v1/chat/completions")
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: LoadGenerator.chatBody(answer.prompt)))
            return request
        }
    }

    static func chatBody(_ prompt: String) -> String {
        #"{"model":"\#(BenchAnswers.model.name)","stream":true,"messages":[{"role":"user","content":\#(JSONStringCodec.encode(prompt))}]}"#
    }

    /// Runs one stream to its end.
    func stream(_ request: HTTPClientRequest, path: Path) async -> StreamResult {
        let start = ContinuousClock.now
        var firstByte: Duration?
        var tail = ""
        do {
            let response = try await client.execute(request, timeout: .seconds(120))
            for try await chunk in response.body {
                if firstByte == nil { firstByte = start.duration(to: .now) }
                tail = String((tail + String(buffer: chunk)).suffix(256))
            }
            let finished = path == .direct ? tail.contains("ad:") : tail.contains("[DONE]")
            return StreamResult(
                ok: response.status == .ok && finished, firstByteMs: (firstByte ?? .zero).benchMilliseconds,
                totalMs: start.duration(to: .now).benchMilliseconds)
        } catch {
            return StreamResult(ok: false, firstByteMs: 0, totalMs: start.duration(to: .now).benchMilliseconds)
        }
    }

    /// Runs `total` streams, at most `concurrency` at a time.
    func run(_ answer: BenchAnswers.Answer, path: Path, total: Int, concurrency: Int) async -> [StreamResult] {
        let request = request(answer, path: path)
        return await withTaskGroup(of: StreamResult.self) { group in
            var results: [StreamResult] = []
            var started = 0
            while started < min(concurrency, total) {
                group.addTask { await stream(request, path: path) }
                started += 1
            }
            for await result in group {
                results.append(result)
                if started < total {
                    group.addTask { await stream(request, path: path) }
                    started += 1
                }
            }
            return results
        }
    }
}

extension Duration {
    /// Fractional milliseconds.
    var benchMilliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
