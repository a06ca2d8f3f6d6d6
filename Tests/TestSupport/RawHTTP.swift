import NIOCore
import NIOPosix

/// Sends raw bytes to a server on loopback and reads what comes back, for requests no HTTP
/// client would write (odd framing, bodies that lie about their size).
public enum RawHTTP {
    /// Writes `request` to 127.0.0.1:`port` and returns the answer's text, read until the server
    /// closes the connection or `seconds` pass. With `halfClose`, the client shuts down its
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
            return await withTaskGroup(of: String?.self) { group in
                group.addTask {
                    var text = ""
                    do {
                        for try await chunk in inbound { text += String(buffer: chunk) }
                    } catch {}
                    return text
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(seconds))
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first ?? ""
            }
        }
    }
}
