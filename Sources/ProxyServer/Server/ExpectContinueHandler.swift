import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `Expect: 100-continue` (curl sends it with every upload over 1 MiB) with an interim
/// `100 Continue` as soon as the request head arrives, so the client sends its body at once
/// instead of after a second's wait. A body declared larger than `MAX_REQUEST_BYTES` gets no
/// `100`: the route answers 413 and the client need not send it. Any other expectation passes
/// through untouched (the request is answered as usual).
final class ExpectContinueHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    /// The largest body the gateway reads.
    let maxBodyBytes: Int

    /// Creates a handler for a server whose bodies may be `maxBodyBytes` long.
    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data), let expectation = head.headerFields[.expect],
            expectation.lowercased() == "100-continue"
        else {
            context.fireChannelRead(data)
            return
        }
        // The expectation is met here; the rest of the server never sees it.
        head.headerFields[.expect] = nil
        let declared = head.headerFields[.contentLength].flatMap(Int.init)
        if declared.map({ $0 <= maxBodyBytes }) ?? true {
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
