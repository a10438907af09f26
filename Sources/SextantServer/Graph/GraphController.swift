import Hummingbird
import SextantAPI
import SextantCore
import SextantStorage

/// The dependency graph and its analyses: `/api/v1/graph`.
///
/// The graph merges the catalog's declared dependencies with the edges telemetry observed.
/// Impact analysis walks both; an edge only observed counts as critical without fallback until
/// someone declares it (`?observed=false` walks declared edges only).
struct GraphController {
    let graphs: GraphCache
    let rollups: any RollupStore
    let clock: any WallClock

    func addRoutes(to group: Routes) {
        group.get(needs: .needs(.read), answers: GraphResponse.self, use: show)
        group.get("impact", needs: .needs(.read), answers: ImpactResponse.self, use: impact)
        group.get("cycles", needs: .needs(.read), answers: CyclesResponse.self, use: cycles)
        group.get("drift", needs: .needs(.read), answers: DriftResponse.self, use: drift)
    }

    /// Nodes and edges as JSON, or Graphviz DOT with `?format=dot`; `?includeStale=false` leaves
    /// out observed-only edges that went stale.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let includesObserved = try query.boolean("observed", default: true)
        switch query.string("format") ?? "json" {
        case "json":
            let (merged, impactGraph, revision) = try await graphs.current(includingObserved: includesObserved)
            let window = try Window(query, now: clock.now().timeIntervalSince1970, default: "5m")
            var recent: [String: [String: [EdgeRollup]]] = [:]
            for (identity, rollup) in try await rollups.edges(from: window.from, to: window.to, client: nil, server: nil) {
                recent[identity.client, default: [:]][identity.server, default: []].append(rollup)
            }
            let summaries = recent.mapValues { $0.mapValues { REDResponse(REDSummary(windowSeconds: window.seconds, rollups: $0)) } }
            return try JSONResponse.make(GraphResponse(
                merged: merged, impactGraph: impactGraph, revision: revision, recent: summaries,
                includeStale: try query.boolean("includeStale", default: true)
            ))
        case "dot":
            let impactGraph = try await graphs.impactGraph(includingObserved: includesObserved)
            return JSONResponse.text(impactGraph.dot(), contentType: "text/vnd.graphviz; charset=utf-8")
        case let other:
            throw APIError.badRequest("format must be json or dot, not \(Quoted.prefix(other))", field: "format")
        }
    }

    /// `?failed=a,b[&propagation=firstHop|alongHardEdges][&maxDepth=N][&observed=false]`.
    @Sendable func impact(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let graph = try await graphs.impactGraph(includingObserved: try query.boolean("observed", default: true))
        let failed = try graph.requireNodes(query.list("failed"), field: "failed")
        guard !failed.isEmpty else {
            throw APIError.badRequest("name at least one failed node: ?failed=postgres,redis", field: "failed", code: "missing_field")
        }
        let propagation = try query.choice("propagation", as: DegradationPropagation.self) ?? .firstHop
        let depth = try query.integer("maxDepth", in: 1...10_000) ?? .max
        let report = graph.impact(ofFailing: failed, propagation: propagation, maximumDistance: depth)
        return try JSONResponse.make(ImpactResponse(report, propagation: propagation))
    }

    @Sendable func cycles(_ request: Request, context: AppRequestContext) async throws -> Response {
        let graph = try await graphs.impactGraph(includingObserved: try QueryParameters(request).boolean("observed", default: true))
        return try JSONResponse.make(CyclesResponse(cycles: graph.cycles().map { .init(members: $0.members, path: $0.path) }))
    }

    /// Observed but undeclared, declared but never observed, and unregistered services.
    @Sendable func drift(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(DriftResponse(try await graphs.merged().graph.drift))
    }
}
