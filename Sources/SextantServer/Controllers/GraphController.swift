import Hummingbird
import SextantCore

/// The dependency graph and its analyses: `/api/v1/graph`.
struct GraphController {
    let graphs: GraphCache

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: show)
        group.get("impact", use: impact)
        group.get("cycles", use: cycles)
    }

    /// Nodes and edges as JSON, or Graphviz DOT with `?format=dot`.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (graph, revision) = try await graphs.current()
        switch QueryParameters(request).string("format") ?? "json" {
        case "json": return try JSONResponse.make(GraphResponse(graph: graph, revision: revision))
        case "dot": return JSONResponse.text(graph.dot(), contentType: "text/vnd.graphviz; charset=utf-8")
        case let other: throw APIError.badRequest("format must be json or dot, not '\(other)'", field: "format")
        }
    }

    /// `?failed=a,b[&propagation=firstHop|alongHardEdges][&maxDepth=N]`.
    @Sendable func impact(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let (graph, _) = try await graphs.current()
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
        let (graph, _) = try await graphs.current()
        return try JSONResponse.make(CyclesResponse(cycles: graph.cycles().map { .init(members: $0.members, path: $0.path) }))
    }
}
