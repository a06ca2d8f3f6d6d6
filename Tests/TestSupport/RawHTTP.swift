import NIOCore
import NIOPosix
import Synchronization

/// Sends raw bytes to a server on loopback and reads what comes back, for requests no HTTP
/// client would write (odd framing, bodies that lie about their size).
public enum RawHTTP {
    /// Writes `request` to 127.0.0.1:`port` and returns the answer's text, read until the server
    /// closes the connection or `seconds` pass (what arrived by then). With `halfClose`, the client shuts down its
    /// sending side after the request, and goes on reading.
    public static func exchange(port: Int, _ request: [UInt8], seconds: Int64 = 3, halfClose: Bool = false) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: request))
            if halfClose { outbound.finish() }
            // What arrived is kept as it comes, so a connection still open at the deadline
            // gives its text too.
            let received = Received()
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        for try await chunk in inbound { received.text.withLock { $0 += String(buffer: chunk) } }
                    } catch {}
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(seconds))
                }
                await group.next()
                group.cancelAll()
            }
            return received.text.withLock { $0 }
        }
    }
}

/// The text read so far from a connection.
private final class Received: Sendable {
    let text = Mutex("")
}
