import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Runs applications on real loopback sockets for the length of a test.
public enum LiveServer {
    /// Starts the application `make` builds (it must pass the given callback as `onServerRunning`
    /// and bind port 0), runs `body` with the bound port, then shuts the server down.
    public static func with<App: ApplicationProtocol, T: Sendable>(
        _ make: (@escaping @Sendable (any Channel) async -> Void) throws -> App,
        _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let app = try make { channel in
            sink.yield(channel.localAddress?.port ?? 0)
            sink.finish()
        }
        var logger = Logger(label: "live-server")
        logger.logLevel = .critical
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw LiveServerError.didNotStart }
            let result: T
            do {
                result = try await body(port)
            } catch {
                await group.triggerGracefulShutdown()
                tasks.cancelAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            tasks.cancelAll()
            return result
        }
    }
}

/// A live server that never reported its port.
public enum LiveServerError: Error {
    /// The server stopped before it was listening.
    case didNotStart
}
