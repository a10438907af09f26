import Foundation
import SextantAPI
import Hummingbird
import SextantCore
import SextantStorage

/// RED figures from the rollups: `/api/v1/services/{name}/red`, `/api/v1/edges/red`, and
/// Jaeger's `/api/dependencies`. Each folds the ingest log first, so an acknowledged export
/// is visible at once.
struct RollupsController {
    let rollups: any RollupStore
    let catalog: any CatalogStore
    let clock: any WallClock

    func addRoutes(to routes: Routes) {
        routes.get("api/v1/services", needs: .needs(.read), answers: ServiceList.self, use: services)
        routes.get("api/v1/services/{name}/red", needs: .needs(.read), answers: ServiceREDResponse.self, use: serviceRED)
        routes.get("api/v1/edges/red", needs: .needs(.read), answers: EdgeREDResponse.self, use: edgeRED)
        routes.get("api/dependencies", needs: .needs(.read), use: jaegerDependencies)
    }

    /// Every service registered or sending spans.
    @Sendable func services(_ request: Request, context: AppRequestContext) async throws -> Response {
        let observed = Dictionary(uniqueKeysWithValues: try await rollups.observedServices().map { ($0.name, $0) })
        let registered = Set(try await catalog.snapshot().components.map(\.name))
        let names = registered.union(observed.keys).sorted()
        return try JSONResponse.make(ServiceList(services: names.map {
            ServiceList.Entry(name: $0, registered: registered.contains($0), firstSeen: observed[$0]?.firstSeen, lastSeen: observed[$0]?.lastSeen)
        }))
    }

    /// `?window=5m[&kinds=all]`: entry operations (SERVER, CONSUMER) by default.
    @Sendable func serviceRED(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        let query = QueryParameters(request)
        let window = try Window(query, now: clock.now().timeIntervalSince1970)
        let allKinds = query.string("kinds") == "all"
        let operations = try await rollups.operations(of: name, from: window.from, to: window.to)
        if operations.isEmpty, try await catalog.component(named: name) == nil,
           !(try await rollups.observedServices().contains { $0.name == name }) {
            throw APIError.notFound("\(Quoted.prefix(name)) is neither registered nor seen in telemetry")
        }
        let listed = operations.filter { allKinds || $0.key.kind.isEntry }.sorted { ($0.key.operation, $0.key.kind.rawValue) < ($1.key.operation, $1.key.kind.rawValue) }
        let entry = operations.filter { $0.key.kind.isEntry }.map(\.value)
        return try JSONResponse.make(ServiceREDResponse(
            service: name, window: window.text, windowSeconds: window.seconds,
            red: REDResponse(REDSummary(windowSeconds: window.seconds, rollups: entry)),
            operations: listed.map {
                .init(operation: $0.key.operation, kind: $0.key.kind.name, red: REDResponse(REDSummary(windowSeconds: window.seconds, rollups: [$0.value])))
            }
        ))
    }

    /// `?client=&server=&window=5m`.
    @Sendable func edgeRED(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        guard let client = query.string("client") else { throw APIError.badRequest("client is required", field: "client", code: "missing_field") }
        guard let server = query.string("server") else { throw APIError.badRequest("server is required", field: "server", code: "missing_field") }
        let window = try Window(query, now: clock.now().timeIntervalSince1970)
        let edges = try await rollups.edges(from: window.from, to: window.to, client: client, server: server)
        let connections = edges.sorted { $0.key.connectionType.rawValue < $1.key.connectionType.rawValue }
        return try JSONResponse.make(EdgeREDResponse(
            client: client, server: server, window: window.text, windowSeconds: window.seconds,
            red: REDResponse(REDSummary(windowSeconds: window.seconds, rollups: edges.values)),
            connections: connections.map {
                .init(connectionType: $0.key.connectionType.rawValue, red: REDResponse(REDSummary(windowSeconds: window.seconds, rollups: [$0.value])))
            }
        ))
    }

    /// Jaeger's query API: `?endTs=<ms>&lookback=<ms>[&service=]` (defaults: now, 24 h).
    @Sendable func jaegerDependencies(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let nowMilliseconds = Int(clock.now().timeIntervalSince1970 * 1000)
        let end = try query.integer("endTs", in: 0...Int.max) ?? nowMilliseconds
        let lookback = try query.integer("lookback", in: 1...Int.max) ?? 86_400_000
        let service = query.string("service")
        let edges = try await rollups.edges(from: Int64((end - lookback) / 1000), to: Int64(end / 1000) + 1, client: nil, server: nil)
        var counts: [String: [String: Int64]] = [:]
        for (identity, rollup) in edges where service == nil || identity.client == service || identity.server == service {
            counts[identity.client, default: [:]][identity.server, default: 0] += rollup.requests
        }
        let links = counts.flatMap { parent, children in children.map { JaegerDependencies.Link(parent: parent, child: $0.key, callCount: $0.value) } }
            .sorted { ($0.parent, $0.child) < ($1.parent, $1.child) }
        return try JSONResponse.make(JaegerDependencies(data: links, total: links.count, limit: 0, offset: 0, errors: nil))
    }
}
