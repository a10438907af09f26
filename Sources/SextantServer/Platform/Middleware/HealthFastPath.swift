import HTTPTypes
import SextantAPI
import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// Answers `GET /health` and `GET /ready` on the event loop, from memory, before a request
/// reaches the router: under any load they answer at once, as a load balancer needs, instead
/// of waiting in line with the requests that load it. Only when the connection has no other
/// request in progress (so answers stay in order), and once the store monitor has checked;
/// otherwise the request goes to the router as any other.
final class HealthFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The report for a probe, or `nil` when it cannot be answered from memory yet.
    private let report: @Sendable (HealthController.Probe) -> HealthReport?
    private let metrics: HTTPRequestMetrics
    private var started = ContinuousClock.now
    private var route = ""
    /// Requests passed on whose answers have not ended.
    private var outstanding = 0
    /// The answer to send when the intercepted request's end arrives.
    private var pending: HealthReport?
    private var intercepting = false

    init(metrics: HTTPRequestMetrics, report: @escaping @Sendable (HealthController.Probe) -> HealthReport?) {
        self.metrics = metrics
        self.report = report
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            let path = head.path.map { $0.split(separator: "?", maxSplits: 1).first.map(String.init) ?? $0 }
            let probe: HealthController.Probe? = path == "/health" ? .health : path == "/ready" ? .ready : nil
            if outstanding == 0, head.method == .get, let probe, let path, let answer = report(probe) {
                intercepting = true
                pending = answer
                started = ContinuousClock.now
                route = path
                return
            }
            outstanding += 1
        case .body:
            if intercepting { return }
        case .end:
            if intercepting {
                intercepting = false
                if let answer = pending {
                    write(answer, context: context)
                    metrics.record(method: "GET", route: route, status: answer.status.code, seconds: (ContinuousClock.now - started).seconds)
                }
                pending = nil
                return
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { outstanding = max(0, outstanding - 1) }
        context.write(data, promise: promise)
    }

    private func write(_ answer: HealthReport, context: ChannelHandlerContext) {
        var head = HTTPResponse(status: answer.status)
        head.headerFields[.contentType] = "application/json; charset=utf-8"
        head.headerFields[.contentLength] = String(answer.body.count)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: answer.body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
