import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request body does not arrive in full within a deadline of its
/// head, however slowly it trickles in, so that a slow sender cannot hold a connection (or
/// anything behind it) for longer. Headers have their own deadline: the connection's idle
/// timeout, which a request that never completes its head runs into.
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let bodyTimeout: TimeAmount
    private let onExpiry: @Sendable () -> Void
    private var deadline: Scheduled<Void>?

    init(bodyTimeout: TimeAmount, onExpiry: @escaping @Sendable () -> Void) {
        self.bodyTimeout = bodyTimeout
        self.onExpiry = onExpiry
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            deadline?.cancel()
            let channel = context.channel
            let onExpiry = self.onExpiry
            deadline = context.eventLoop.scheduleTask(in: bodyTimeout) {
                onExpiry()
                channel.close(promise: nil)
            }
        case .end:
            deadline?.cancel()
            deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }
}
