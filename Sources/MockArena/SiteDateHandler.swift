import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Writes the site's clock into every answer's `Date` (`mock --clock-offset`): the server stamps
/// its own time on each response, so the head is rewritten on its way out.
final class SiteDateHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let site: SiteGate

    init(site: SiteGate) {
        self.site = site
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .head(var head) = unwrapOutboundIn(data), head.status.code >= 200 else {
            context.write(data, promise: promise)
            return
        }
        head.headerFields[.date] = site.dateHeader()
        context.write(wrapOutboundOut(.head(head)), promise: promise)
    }
}
