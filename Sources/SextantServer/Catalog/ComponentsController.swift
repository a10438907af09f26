import HTTPTypes
import SextantAPI
import Hummingbird
import SextantCore
import SextantStorage

/// The component registry: `/api/v1/components`.
struct ComponentsController {
    let catalog: any CatalogStore
    let graphs: GraphCache
    let allowsLinkLocal: Bool

    func addRoutes(to group: Routes) {
        group.post(needs: .needs(.editCatalog), accepts: Component.self, answers: ComponentView.self, use: create)
        group.get(needs: .needs(.read), answers: ComponentList.self, use: list)
        group.get("{name}", needs: .needs(.read), answers: ComponentView.self, use: show)
        group.put("{name}", needs: .needs(.editCatalog), accepts: Component.self, answers: ComponentView.self, use: replace)
        group.delete("{name}", needs: .needs(.editCatalog), use: delete)
        group.get("{name}/can-operate", needs: .needs(.read), answers: OperabilityResponse.self, use: canOperate)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let component = try await context.decode(Component.self, from: request)
        try component.validate()
        try component.requireReachableEndpoints(allowingLinkLocal: allowsLinkLocal)
        let record = try await catalog.create(component)
        return try JSONResponse.make(
            ComponentView(record), status: .created,
            headers: [.location: "/api/v1/components/\(component.name)"]
        )
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        var labels: [String: String] = [:]
        for selector in query.list("label") {
            let parts = selector.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw APIError.badRequest("label filters are written key=value, not \(Quoted.prefix(selector))", field: "label")
            }
            labels[parts[0]] = parts[1]
        }
        let page = try await catalog.components(matching: ComponentQuery(
            owner: query.string("owner"),
            tier: try query.integer("tier", in: 1...4),
            labels: labels,
            limit: try query.integer("limit", in: 1...1_000) ?? 100,
            after: try PageCursor.decode(query)
        ))
        return try JSONResponse.make(ComponentList(page))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        guard let record = try await catalog.component(named: name) else { throw Self.missing(name) }
        return try JSONResponse.make(ComponentView(record))
    }

    @Sendable func replace(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        let component = try await context.decode(Component.self, from: request)
        guard component.name == name else {
            throw APIError.badRequest("the body names \(Quoted.prefix(component.name)) but the path names \(Quoted.prefix(name))", field: "name", code: "name_mismatch")
        }
        try component.validate()
        try component.requireReachableEndpoints(allowingLinkLocal: allowsLinkLocal)
        let (record, created) = try await catalog.replace(component)
        return try JSONResponse.make(ComponentView(record), status: created ? .created : .ok)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        guard try await catalog.deleteComponent(named: name) else { throw Self.missing(name) }
        return Response(status: .noContent)
    }

    @Sendable func canOperate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        let query = QueryParameters(request)
        let graph = try await graphs.impactGraph(includingObserved: try query.boolean("observed", default: true))
        guard graph.contains(name) else { throw APIError.notFound("\(Quoted.prefix(name)) is not a node of the dependency graph") }
        let failed = try graph.requireNodes(query.list("failed"), field: "failed")
        let propagation = try query.choice("propagation", as: DegradationPropagation.self) ?? .firstHop
        let answer = graph.operability(of: name, whenFailing: failed, propagation: propagation)
        return try JSONResponse.make(OperabilityResponse(answer, failed: failed.sorted()))
    }

    static func missing(_ name: String) -> APIError {
        APIError.notFound("component \(Quoted.prefix(name)) does not exist")
    }
}
