import ArenaWire
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Recorder

/// Builds the upstream transport for `serve --record DIR --record-mode MODE`.
public enum RecordingTransportFactory {
    /// `all`: the live transport, recorded. `once`: replay a matching fixture from DIR, otherwise
    /// the live transport, recorded (and replayed from then on). `none`: replay only; the live
    /// transport is never used.
    public static func make(
        mode: RecordMode, directory: URL, live: any ArenaTransport, registry: ModelRegistry, redactor: Redactor,
        dialect: ArenaDialect, logger: Logger, isShuttingDown: @escaping @Sendable () -> Bool = { false }
    ) throws -> any ArenaTransport {
        let names = Dictionary(registry.models.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let writer = try FixtureWriter(directory: directory, modelNames: names)
        switch mode {
        case .all:
            return RecordingTransport(
                base: live, writer: writer, redactor: redactor, dialect: dialect, logger: logger, isShuttingDown: isShuttingDown)
        case .none:
            return ReplayTransport(replayer: try FixtureReplayer(directory: directory, logger: logger))
        case .once:
            let replayer = try FixtureReplayer(directory: directory, logger: logger)
            let recorder = RecordingTransport(
                base: live, writer: writer, redactor: redactor, dialect: dialect, logger: logger,
                onRecorded: { url, file in replayer.add(FixtureStore.entries(of: file, named: url.lastPathComponent)) },
                isShuttingDown: isShuttingDown)
            return OnceTransport(replay: ReplayTransport(replayer: replayer), recorder: recorder)
        }
    }
}

/// Replays a request when a fixture matches it; otherwise sends it upstream and records it.
struct OnceTransport: ArenaTransport {
    let replay: ReplayTransport
    let recorder: RecordingTransport

    func send(_ request: ArenaRequest) async throws -> ArenaResponse {
        let candidate = ReplayRequest(
            method: request.method.rawValue, url: request.url, headers: request.headers.map { (name: $0.name, value: $0.value) },
            body: String(buffer: request.body))
        if replay.replayer.matches(candidate) {
            return try await replay.send(request)
        }
        return try await recorder.send(request)
    }
}
