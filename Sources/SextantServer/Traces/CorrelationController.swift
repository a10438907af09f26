import Foundation
import Hummingbird
import SextantCore
import SextantStorage

/// Sextant's own trace pages, tying traces to logs and services: a trace with its summary,
/// spans and a link to its logs; the log lines of a trace, each linking back; and a service's
/// recent traces (`?status=error` for the failed ones), which alert notifications link to.
struct CorrelationController {
    let finder: TraceFinder
    let store: any SpanStore
    let logs: any LogStore
    let clock: any WallClock

    static let maximumLines = 1_000

    func addRoutes(to api: Routes) {
        api.get("traces/{id}", needs: .needs(.read), use: trace)
        api.get("traces/{id}/logs", needs: .needs(.read), use: traceLogs)
        api.get("services/{name}/traces", needs: .needs(.read), use: serviceTraces)
    }

    private func traceID(_ context: AppRequestContext) throws -> TraceID {
        let text = try context.parameters.require("id")
        guard let id = TraceID(hex: text.lowercased()) else { throw APIError.badRequest("\(Quoted.prefix(text)) is not a trace id (32 hex digits)", field: "id") }
        return id
    }

    @Sendable func trace(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try traceID(context)
        guard let trace = try await store.trace(id) else { throw APIError.notFound("trace \(id) is not stored") }
        var body = TraceRendering.summary(trace.summary)
        body["spans"] = TraceRendering.spans(of: trace).map { span in
            ["spanID": span.spanID.description, "parentSpanID": span.parentSpanID == .none ? NSNull() : span.parentSpanID.description as Any,
             "service": span.service, "operation": span.name, "kind": span.kind.name, "error": span.isError,
             "start": String(span.startNanos), "durationMs": Double(span.durationNanos) / 1e6] as [String: Any]
        }
        return JSONResponse.object(body)
    }

    @Sendable func traceLogs(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try traceID(context)
        let lines = try await logs.lines(traceID: id, limit: Self.maximumLines)
        let streams = Dictionary(try await logs.streams().map { ($0.id, LogIntake.labels(ofStream: $0.labels)) }, uniquingKeysWith: { first, _ in first })
        return JSONResponse.object(["traceID": id.description, "lines": lines.map { line in
            ["timestamp": String(line.timestampNanos), "labels": streams[line.stream] ?? [:], "line": line.line,
             "spanID": line.spanID?.description ?? NSNull(), "trace": "/api/v1/traces/\(id)"] as [String: Any]
        }])
    }

    @Sendable func serviceTraces(_ request: Request, context: AppRequestContext) async throws -> Response {
        let service = try context.parameters.require("name")
        let parameters = QueryParameters(request)
        let status = parameters.string("status")
        guard status == nil || status == "error" || status == "any" else { throw APIError.badRequest("status must be error or any", field: "status") }
        let limit = try parameters.integer("limit", in: 1...100) ?? 20
        let now = Int64(clock.now().timeIntervalSince1970 * 1e9)
        let found = try await finder.find(TraceSearch(service: service, startNanos: 0, endNanos: now + 60_000_000_000, errorsOnly: status == "error", limit: limit),
                                          want: limit, matches: nil)
        return JSONResponse.object(["service": service, "traces": found.map { TraceRendering.summary($0.trace.summary) }])
    }
}
