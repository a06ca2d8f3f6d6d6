import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// An HTTP CONNECT forward proxy on loopback, for outbound-proxy tests: it tunnels every CONNECT
/// to its target, optionally demands Basic credentials (407 otherwise), and logs each target.
public final class ConnectProxy: Sendable {
    /// The port it listens on.
    public let port: Int
    private let tunnels = Mutex<[String]>([])
    private let credentials: String?
    private let server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>

    /// The `host:port` of every tunnel opened, in order.
    public var targets: [String] { tunnels.withLock { $0 } }

    /// Starts a proxy; with `user` and `password`, CONNECTs without them get 407.
    public init(user: String? = nil, password: String? = nil) async throws {
        credentials = user.map { Data("\($0):\(password ?? "")".utf8).base64EncodedString() }
        server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        port = server.channel.localAddress?.port ?? 0
    }

    /// Serves connections until the task is cancelled.
    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask { try? await self.serve(connection) }
                }
            }
        }
    }

    private func serve(_ client: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async throws {
        try await client.executeThenClose { inbound, outbound in
            var iterator = inbound.makeAsyncIterator()
            var head = ByteBuffer()
            while !String(buffer: head).contains("\r\n\r\n"), var chunk = try await iterator.next() {
                head.writeBuffer(&chunk)
            }
            let text = String(buffer: head)
            guard let end = text.range(of: "\r\n\r\n") else { return }
            let lines = text[..<end.lowerBound].split(separator: "\r\n")
            let request = lines.first?.split(separator: " ") ?? []
            guard request.count >= 2, request[0] == "CONNECT", let colon = request[1].lastIndex(of: ":"),
                let targetPort = Int(request[1][request[1].index(after: colon)...])
            else {
                try await outbound.write(ByteBuffer(string: "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"))
                return
            }
            if let credentials, !lines.contains(where: { $0.lowercased() == "proxy-authorization: basic \(credentials.lowercased())" }) {
                try await outbound.write(
                    ByteBuffer(
                        string: "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n")
                )
                return
            }
            let host = String(request[1][..<colon])
            tunnels.withLock { $0.append(String(request[1])) }
            let target = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: host, port: targetPort) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
            try await outbound.write(ByteBuffer(string: "HTTP/1.1 200 Connection Established\r\n\r\n"))
            let leftover = ByteBuffer(bytes: Array(text.utf8)[text.utf8.distance(from: text.startIndex, to: end.upperBound)...])
            // The client's reads continue in the piping task; this task does not touch them again.
            let clientReads = Handoff(iterator)
            try await target.executeThenClose { targetInbound, targetOutbound in
                if leftover.readableBytes > 0 { try await targetOutbound.write(leftover) }
                try await withThrowingTaskGroup(of: Void.self) { pipes in
                    pipes.addTask {
                        guard var reads = clientReads.take() else { return }
                        while let chunk = try await reads.next() { try await targetOutbound.write(chunk) }
                    }
                    pipes.addTask {
                        for try await chunk in targetInbound { try await outbound.write(chunk) }
                    }
                    try await pipes.next()
                    pipes.cancelAll()
                }
            }
        }
    }
}
