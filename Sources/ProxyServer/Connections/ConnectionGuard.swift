import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Keeps one client connection from holding the server: the request head must be complete
/// within `REQUEST_HEAD_TIMEOUT` of the connection opening or of the previous answer (a sender
/// that trickles a byte a second is closed, as an idle keep-alive connection is), the body may
/// not stall for longer than `REQUEST_BODY_TIMEOUT` between parts, and a connection over
/// `MAX_CONNECTIONS` is closed at once (``ConnectionLimiter``).
///
/// It sits after the HTTP decoder, so a head is seen once it is whole. No timer runs while the
/// gateway answers: a streamed answer may take minutes.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The timeouts and the shared connection count.
    struct Limits: Sendable {
        /// How long a request head may take.
        var headTimeout: TimeAmount
        /// How long a request body may stay silent.
        var bodyTimeout: TimeAmount
        /// The count of open connections.
        var limiter: ConnectionLimiter
    }

    private let limits: Limits
    private var admitted = false
    private var deadline: Scheduled<Void>?
    /// Requests whose head arrived and whose answer has not ended (more than one when pipelined).
    private var unanswered = 0
    /// Whether the current request's body is still arriving.
    private var bodyArriving = false
    /// Whether the answer went out before its request's body was in (a 413, a 401): the
    /// connection then closes after it instead of reading the rest of that body.
    private var closeAfterAnswer = false
    /// Body bytes read after such an answer.
    private var discarded = 0
    /// How long, and how many more body bytes, the connection lingers after an early answer
    /// before it closes: a full close at once could reset it before the client reads the answer.
    static let lingerTime: TimeAmount = .seconds(2)
    static let lingerBytes = 1 << 20

    /// Creates the guard of one connection.
    init(limits: Limits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        if admitted {
            admitted = false
            limits.limiter.release()
        }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        if admitted {
            admitted = false
            limits.limiter.release()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            unanswered += 1
            bodyArriving = true
            arm(limits.bodyTimeout, context: context)
        case .body(let piece):
            if closeAfterAnswer {
                // Lingering after an early answer: a little of the rest is read, then no more.
                discarded += piece.readableBytes
                if discarded > Self.lingerBytes { context.close(promise: nil) }
            }
            arm(limits.bodyTimeout, context: context)
        case .end:
            bodyArriving = false
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var response) where bodyArriving && response.status.kind != .informational:
            // Answered before the body was in: say the connection closes, and close it after.
            closeAfterAnswer = true
            response.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(response)), promise: promise)
        case .end where closeAfterAnswer:
            let written = promise ?? context.eventLoop.makePromise()
            context.write(data, promise: written)
            // The client reads the answer and its end (FIN); what it still sends is read for
            // `lingerTime` or `lingerBytes` at most, then the connection closes.
            let channel = context.channel
            written.futureResult.whenComplete { _ in
                channel.close(mode: .output, promise: nil)
                channel.eventLoop.scheduleTask(in: Self.lingerTime) { channel.close(promise: nil) }
            }
        case .end:
            unanswered = max(0, unanswered - 1)
            // The answer is out and none is owed: the next head must come within the head timeout.
            if unanswered == 0 { arm(limits.headTimeout, context: context) }
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }

    private func admit(context: ChannelHandlerContext) {
        guard !admitted, deadline == nil else { return }
        guard limits.limiter.admit() else {
            context.close(promise: nil)
            return
        }
        admitted = true
        arm(limits.headTimeout, context: context)
    }

    private func arm(_ timeout: TimeAmount, context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) {
            channel.close(promise: nil)
        }
    }
}
