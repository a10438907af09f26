import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore
import SextantStorage
import SextantWire

/// What Grafana's Tempo data source needs: `/api/echo`, `/api/status/buildinfo`, `/api/search`
/// with TraceQL's subset, the tag and tag-value endpoints (v1 and v2), and the trace by id
/// (`/api/v2/traces/{id}`; `/api/traces/{id}` is shared with Jaeger and answers Tempo's
/// protobuf when asked for it).
struct TempoController {
    let finder: TraceFinder
    let store: any SpanStore
    let clock: any WallClock

    /// Tempo's default and Sextant's bound for search results.
    static let defaultLimit = 20
    static let maximumLimit = 1_000
    /// How many recent traces the tag endpoints read.
    static let tagSampleTraces = 200

    func addRoutes(to routes: Routes) {
        routes.get("api/echo", needs: .needs(.read)) { _, _ in JSONResponse.text("echo", contentType: "text/plain") }
        routes.get("api/status/buildinfo", needs: .needs(.read)) { _, _ in
            JSONResponse.object(["version": "2.4.0", "revision": "sextant-\(SextantVersion.current)", "branch": "", "buildUser": "", "buildDate": "", "goVersion": ""])
        }
        routes.get("api/search", needs: .needs(.read), use: search)
        routes.get("api/search/tags", needs: .needs(.read), use: tags)
        routes.get("api/v2/search/tags", needs: .needs(.read), use: tagsByScope)
        routes.get("api/search/tag/{name}/values", needs: .needs(.read), use: tagValues)
        routes.get("api/v2/search/tag/{name}/values", needs: .needs(.read), use: typedTagValues)
        routes.get("api/v2/traces/{id}", needs: .needs(.read), use: trace)
    }

    static func wantsProtobuf(_ request: Request) -> Bool {
        let accept = request.headers[.accept]?.lowercased() ?? ""
        return accept.contains("application/protobuf") || accept.contains("application/x-protobuf")
    }

    static func protobuf(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/protobuf"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters.formEncoded(request)
        let traceQL: TraceQLQuery
        do {
            traceQL = try TraceQLQuery.parse(query.string("q") ?? "{}")
        } catch let error as ValidationError {
            throw APIError.badRequest(error.message, field: "q")
        }
        let now = clock.now().timeIntervalSince1970
        // Seconds up to the year 2255, where nanoseconds still fit in 64 bits.
        let end = Double(try query.integer("end", in: 0...9_000_000_000) ?? Int(now))
        let start = Double(try query.integer("start", in: 0...9_000_000_000) ?? Int(max(0, end - 3_600)))
        guard start <= end else { throw APIError.badRequest("start must not be after end", field: "start") }
        let limit = min(try query.integer("limit", in: 1...1_000_000_000) ?? Self.defaultLimit, Self.maximumLimit)
        var search = TraceSearch(startNanos: Int64(start * 1e9), endNanos: Int64(end * 1e9) + 999_999_999,
                                 minimumDurationNanos: try JaegerController.duration(query.string("minDuration"), field: "minDuration"),
                                 maximumDurationNanos: try JaegerController.duration(query.string("maxDuration"), field: "maxDuration"), limit: limit)
        for condition in traceQL.conditions where condition.op == .equal {
            switch (condition.field, condition.value) {
            case (.serviceName, .string(let service)): search.service = service
            case (.name, .string(let name)): search.operation = name
            case (.status, .keyword("error")): search.errorsOnly = true
            default: break
            }
        }
        let matches: @Sendable (RecordedSpan) -> Bool = { span in
            traceQL.matches(service: span.service, name: span.name, isError: span.isError, kind: span.kind,
                            durationSeconds: Double(span.durationNanos) / 1e9) { key, resource in
                (resource ? span.resource[key] : span.attributes[key])?.text
            }
        }
        let found = try await finder.find(search, want: limit, matches: matches)
        return JSONResponse.object([
            "traces": found.map { TraceRendering.tempoSearchResult($0.trace, matched: $0.matched) },
            "metrics": ["inspectedTraces": found.count, "completedJobs": 1, "totalJobs": 1],
        ])
    }

    /// Attribute names and values of recent traces' spans, by scope.
    private func recentAttributes() async throws -> (span: [String: Set<String>], resource: [String: Set<String>]) {
        let now = Int64(clock.now().timeIntervalSince1970 * 1e9)
        let recent = try await store.search(TraceSearch(startNanos: now - 3_600_000_000_000, endNanos: now + 60_000_000_000, limit: Self.tagSampleTraces))
        var span: [String: Set<String>] = ["name": [], "status": ["ok", "error", "unset"]]
        var resource: [String: Set<String>] = [:]
        for trace in recent {
            for recorded in TraceRendering.spans(of: trace) {
                span["name", default: []].insert(recorded.name)
                for attribute in recorded.attributes where span[attribute.key, default: []].count < 1_000 { span[attribute.key, default: []].insert(attribute.value.text) }
                for attribute in recorded.resource where resource[attribute.key, default: []].count < 1_000 { resource[attribute.key, default: []].insert(attribute.value.text) }
            }
        }
        return (span, resource)
    }

    @Sendable func tags(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (span, resource) = try await recentAttributes()
        return JSONResponse.object(["tagNames": Set(span.keys).union(resource.keys).subtracting(["name", "status"]).sorted()])
    }

    @Sendable func tagsByScope(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (span, resource) = try await recentAttributes()
        return JSONResponse.object(["scopes": [
            ["name": "span", "tags": span.keys.filter { $0 != "name" && $0 != "status" }.sorted()],
            ["name": "resource", "tags": resource.keys.sorted()],
            ["name": "intrinsic", "tags": ["duration", "kind", "name", "status"]],
        ]])
    }

    /// The values of `name`: `resource.x` and `span.x` name their scope; a bare name looks in both.
    private func values(_ name: String) async throws -> [String] {
        let (span, resource) = try await recentAttributes()
        if name.hasPrefix("resource.") { return (resource[String(name.dropFirst(9))] ?? []).sorted() }
        if name.hasPrefix("span.") { return (span[String(name.dropFirst(5))] ?? []).sorted() }
        if name == "service.name" || name == "resource.service.name" { return (resource["service.name"] ?? []).sorted() }
        return (span[name] ?? []).union(resource[name] ?? []).sorted()
    }

    @Sendable func tagValues(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.object(["tagValues": try await values(try context.parameters.require("name"))])
    }

    @Sendable func typedTagValues(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.object(["tagValues": try await values(try context.parameters.require("name")).map { ["type": "string", "value": $0] }])
    }

    @Sendable func trace(_ request: Request, context: AppRequestContext) async throws -> Response {
        let text = try context.parameters.require("id")
        guard let id = TraceID(hex: text.lowercased().leftPadded(to: 32)) else {
            throw APIError.badRequest("\(Quoted.prefix(text)) is not a trace id (32 hex digits)", field: "id")
        }
        guard let trace = try await store.trace(id) else { throw APIError(.notFound, code: "not_found", message: "trace \(id) is not stored") }
        if Self.wantsProtobuf(request) {
            // TraceByIDResponse { Trace trace = 1; }, the trace being TracesData's shape.
            var writer = [UInt8]()
            let body = trace.payloads.flatMap { $0 }
            writer.append(0x0A)
            Varint.append(UInt64(body.count), to: &writer)
            writer.append(contentsOf: body)
            return Self.protobuf(writer)
        }
        return JSONResponse.object(["trace": ["resourceSpans": TraceRendering.resourceSpans(trace)]])
    }
}
