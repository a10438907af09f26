import Foundation
import Hummingbird
import SextantCore
import SextantStorage
import SextantWire

/// Jaeger's query API at the root, as Grafana's Jaeger data source calls it (it drops any
/// prefix): `/api/services`, `/api/services/{service}/operations`, `/api/traces` (search) and
/// `/api/traces/{id}` (JSON; with `Accept: application/protobuf`, Tempo's protobuf answer).
struct JaegerController {
    let finder: TraceFinder
    let store: any SpanStore
    let clock: any WallClock

    /// Jaeger's UI asks for 20; more than 1,500 is clamped (the answer's `limit` says so).
    static let maximumLimit = 1_500

    func addRoutes(to routes: Routes) {
        routes.get("api/services", needs: .needs(.read), use: services)
        routes.get("api/services/{service}/operations", needs: .needs(.read), use: operations)
        routes.get("api/operations", needs: .needs(.read), use: operationsByParameter)
        routes.get("api/traces", needs: .needs(.read), use: search)
        routes.get("api/traces/{id}", needs: .needs(.read), use: trace)
    }

    private var since: Int64 { Int64(clock.now().timeIntervalSince1970 - finder.retention) }

    @Sendable func services(_ request: Request, context: AppRequestContext) async throws -> Response {
        let services = try await store.services(since: since)
        return JSONResponse.object(TraceRendering.jaegerEnvelope(services))
    }

    @Sendable func operations(_ request: Request, context: AppRequestContext) async throws -> Response {
        let service = try context.parameters.require("service")
        return JSONResponse.object(TraceRendering.jaegerEnvelope(try await store.operations(of: service, since: since)))
    }

    /// `/api/operations?service=`: Jaeger's newer form, with span kinds unknown.
    @Sendable func operationsByParameter(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let service = QueryParameters.formEncoded(request).string("service") else { throw APIError.badRequest("service is required", field: "service") }
        let names = try await store.operations(of: service, since: since)
        return JSONResponse.object(TraceRendering.jaegerEnvelope(names.map { ["name": $0, "spanKind": ""] }))
    }

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters.formEncoded(request)
        if let ids = query.string("traceID") {
            var traces: [[String: Any]] = []
            for id in ids.split(separator: ",") {
                if let traceID = TraceID(hex: id.lowercased()), let trace = try await store.trace(traceID) { traces.append(TraceRendering.jaeger(trace)) }
            }
            return JSONResponse.object(TraceRendering.jaegerEnvelope(traces))
        }
        guard let service = query.string("service") else { throw APIError.badRequest("service is required to search traces", field: "service") }
        let now = Int64(clock.now().timeIntervalSince1970 * 1e6)
        // Microseconds up to the year 2255, where nanoseconds still fit in 64 bits.
        let end = try query.integer("end", in: 0...9_000_000_000_000_000).map(Int64.init) ?? now
        let start = try query.integer("start", in: 0...9_000_000_000_000_000).map(Int64.init) ?? max(0, end - 3_600_000_000)
        guard start <= end else { throw APIError.badRequest("start must not be after end", field: "start") }
        let limit = min(try query.integer("limit", in: 1...1_000_000_000) ?? 20, Self.maximumLimit)
        let operation = query.string("operation")
        let tags = try Self.tags(query.string("tags"))
        let search = TraceSearch(service: service, operation: operation, startNanos: start * 1_000,
                                 endNanos: end * 1_000,
                                 minimumDurationNanos: try Self.duration(query.string("minDuration"), field: "minDuration"),
                                 maximumDurationNanos: try Self.duration(query.string("maxDuration"), field: "maxDuration"), limit: limit)
        let matches: (@Sendable (RecordedSpan) -> Bool)?
        if tags.isEmpty {
            matches = nil
        } else {
            matches = { @Sendable span in
                span.service == service && (operation == nil || span.name == operation) && TraceFinder.hasTags(tags, span)
            }
        }
        let found = try await finder.find(search, want: limit, matches: matches)
        var envelope = TraceRendering.jaegerEnvelope(found.map { TraceRendering.jaeger($0.trace) })
        envelope["limit"] = limit
        return JSONResponse.object(envelope)
    }

    @Sendable func trace(_ request: Request, context: AppRequestContext) async throws -> Response {
        let text = try context.parameters.require("id")
        guard let id = TraceID(hex: text.lowercased().leftPadded(to: 32)) else {
            throw APIError.badRequest("\(Quoted.prefix(text)) is not a trace id (32 hex digits)", field: "id")
        }
        let trace = try await store.trace(id)
        if TempoController.wantsProtobuf(request) {
            guard let trace else { throw APIError(.notFound, code: "not_found", message: "trace \(id) is not stored") }
            return TempoController.protobuf(trace.payloads.flatMap { $0 })
        }
        guard let trace else {
            return JSONResponse.object(TraceRendering.jaegerEnvelope([], errors: [["code": 404, "msg": "trace not found"]]), status: .notFound)
        }
        return JSONResponse.object(TraceRendering.jaegerEnvelope([TraceRendering.jaeger(trace)]))
    }

    /// Jaeger's `tags` parameter: a JSON object of strings.
    static func tags(_ text: String?) throws -> [String: String] {
        guard let text else { return [:] }
        guard text.utf8.count <= 4_096, let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any], object.count <= 32 else {
            throw APIError.badRequest("tags must be a JSON object of at most 32 strings, at most 4096 bytes", field: "tags")
        }
        return object.mapValues { "\($0)" }
    }

    /// A Go duration (`1.2s`, `100ms`) as nanoseconds.
    static func duration(_ text: String?, field: String) throws -> Int64? {
        guard let text else { return nil }
        guard let seconds = LogQL.goDuration(text), seconds >= 0, seconds < 9e9 else {
            throw APIError.badRequest("\(field) must be a duration such as 100ms or 1.5s, not \(Quoted.prefix(text))", field: field)
        }
        return Int64(seconds * 1e9)
    }
}
