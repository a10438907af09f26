import HTTPTypes
import SextantAPI
import Hummingbird
import Logging
import SextantWire

/// Gives each request a request id and a trace id, honouring an incoming W3C `traceparent`,
/// puts both on the request's logger, and echoes them as `x-request-id` and `x-trace-id`.
struct TraceContextMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let incoming = request.headers[.traceparent].flatMap { TraceParent(header: $0) }
        context.traceID = incoming?.traceID ?? TraceParent.makeTraceID()
        context.requestID = request.headers[.requestID].flatMap(Self.acceptableRequestID) ?? TraceParent.makeSpanID()
        // One request id in the logs: Sextant's, which honours the client's x-request-id.
        context.logger[metadataKey: "hb.request.id"] = nil
        context.logger[metadataKey: "request.id"] = .string(context.requestID)
        context.logger[metadataKey: "trace.id"] = .string(context.traceID)
        var response = try await next(request, context)
        response.headers[.traceID] = context.traceID
        response.headers[.requestID] = context.requestID
        return response
    }

    /// A client's own request id, if it is short printable ASCII.
    static func acceptableRequestID(_ value: String) -> String? {
        guard (1...128).contains(value.utf8.count), value.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else { return nil }
        return value
    }
}

extension HTTPField.Name {
    static let traceparent = HTTPField.Name("traceparent")!
    static let traceID = HTTPField.Name("x-trace-id")!
    static let requestID = HTTPField.Name("x-request-id")!
}
