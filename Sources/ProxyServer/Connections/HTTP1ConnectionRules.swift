import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// HTTP/1 rules the server's typed requests cannot see, kept at the HTTP/1 level: an HTTP/1.0 client gets an HTTP/1.0
/// answer, never `Transfer-Encoding: chunked` (which it cannot read): a body without a length ends when the connection closes; a request
/// that does not keep the connection alive (HTTP/1.0 without `Connection: keep-alive`) has its
/// connection closed after the answer; and an answer that says `Connection: close` closes the
/// connection even with a pipelined request behind it.
///
/// It sits before the conversion to typed requests: ``Installer`` puts it there.
final class HTTP1ConnectionRules: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// What is known of a request whose answer has not started.
    private struct Pending {
        var version: HTTPVersion
        var keepAlive: Bool
    }

    private var pending: [Pending] = []
    private var closeAfterAnswer = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else { return context.fireChannelRead(data) }
        pending.append(Pending(version: head.version, keepAlive: head.isKeepAlive))
        if !head.isKeepAlive, !head.headers["connection"].contains(where: { $0.lowercased() == "close" }) {
            // The server reads only `Connection: close` as "close after the answer".
            head.headers.replaceOrAdd(name: "connection", value: "close")
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var response) where response.status.code >= 200:
            let request = pending.isEmpty ? nil : pending.removeFirst()
            if let request, request.version.major == 1, request.version.minor == 0 {
                response.version = .http1_0
                let sized = response.headers["content-length"].first != nil
                if request.keepAlive, sized {
                    response.headers.replaceOrAdd(name: "connection", value: "keep-alive")
                } else {
                    response.headers.replaceOrAdd(name: "connection", value: "close")
                }
            }
            if response.headers["connection"].contains(where: { $0.lowercased() == "close" }) { closeAfterAnswer = true }
            context.write(wrapOutboundOut(.head(response)), promise: promise)
        case .end where closeAfterAnswer:
            let written = promise ?? context.eventLoop.makePromise()
            context.writeAndFlush(data, promise: written)
            let channel = context.channel
            // The answer is out: no other is sent on this connection (a pipelined request behind
            // it included). The output closes first, so the client reads the whole answer.
            written.futureResult.whenComplete { _ in
                channel.close(mode: .output, promise: nil)
                channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
            }
        default:
            context.write(data, promise: promise)
        }
    }

    /// Puts an ``HTTP1ConnectionRules`` before the conversion to typed requests, then leaves.
    final class Installer: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = Any

        func handlerAdded(context: ChannelHandlerContext) {
            let pipeline = context.pipeline.syncOperations
            if let codec = try? pipeline.handler(type: HTTP1ToHTTPServerCodec.self) {
                try? pipeline.addHandler(HTTP1ConnectionRules(), position: .before(codec))
            }
            pipeline.removeHandler(context: context, promise: nil)
        }
    }
}
