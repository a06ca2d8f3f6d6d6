import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Keeps a server-sent event stream going to a client that half-closed its connection, and
/// still notices a client that left: ``HalfCloseState`` decides, this
/// handler holds the end of input and writes the probes.
///
/// It sits after the HTTP decoder, before the server's own handler, so the server sees the end
/// of input only once the stream has ended, or as the connection closing when a probe fails.
final class HalfCloseProbe: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var state = HalfCloseState()
    private var nextProbe: Scheduled<Void>?

    /// Creates the handler of one connection.
    init() {}

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let channelEvent = event as? ChannelEvent, channelEvent == .inputClosed else {
            return context.fireUserInboundEventTriggered(event)
        }
        act(state.inputClosed(now: .now()), context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: state.requestHead()
        case .end: state.requestEnd()
        case .body: break
        }
        context.fireChannelRead(data)
    }

    private func act(_ action: HalfCloseState.Action, context: ChannelHandlerContext) {
        switch action {
        case .none, .hold: break
        case .forward: context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        case .holdAndProbe: probe(context: context)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response) where response.status.kind != .informational:
            let type = response.headerFields[.contentType] ?? ""
            let action = state.responseHead(isEventStream: type.lowercased().hasPrefix("text/event-stream"), now: .now())
            context.write(data, promise: promise)
            act(action, context: context)
        case .end:
            context.write(data, promise: promise)
            if state.responseEnded() {
                nextProbe?.cancel()
                nextProbe = nil
                context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            }
        default:
            context.write(data, promise: promise)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        nextProbe?.cancel()
        nextProbe = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        nextProbe?.cancel()
        nextProbe = nil
        context.fireChannelInactive()
    }

    private func probe(context: ChannelHandlerContext) {
        guard state.probeWanted else { return }
        let channel = context.channel
        // A failed write means the client is gone: closing the connection cancels the answer.
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { _ in channel.close(promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.body(ByteBuffer(string: HalfCloseState.probeLine))), promise: written)
        guard let due = state.probeWritten(now: .now()) else { return }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        nextProbe = context.eventLoop.scheduleTask(deadline: due) {
            let (handler, context) = bound.value
            handler.nextProbe = nil
            handler.probe(context: context)
        }
    }
}
