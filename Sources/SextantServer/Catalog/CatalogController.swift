import Hummingbird
import SextantAPI
import SextantCore
import SextantStorage
import Yams

/// Bulk operations on the whole catalog: `/api/v1/catalog`.
struct CatalogController {
    let catalog: any CatalogStore
    let allowsLinkLocal: Bool

    func addRoutes(to group: Routes) {
        group.put(needs: .needs(.editCatalog), accepts: CatalogDocument.self, answers: CatalogApplyResponse.self, use: apply)
        group.get(needs: .needs(.read), answers: CatalogDocument.self, use: export)
    }

    /// Applies a JSON or YAML catalog document atomically; `?prune=true` also deletes
    /// components it does not list, `?dryRun=true` only says what would change.
    @Sendable func apply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let prune = try query.boolean("prune")
        let dryRun = try query.boolean("dryRun")
        let document = try await context.decode(CatalogDocument.self, from: request, accepting: [.json, .yaml])
        try document.validate()
        for (index, component) in document.components.enumerated() {
            try component.requireReachableEndpoints(allowingLinkLocal: allowsLinkLocal, field: "components[\(index)]")
        }
        let result = try await catalog.apply(document, prune: prune, dryRun: dryRun)
        context.logger.info("catalog applied", metadata: [
            "catalog.created": "\(result.created.count)", "catalog.updated": "\(result.updated.count)",
            "catalog.deleted": "\(result.deleted.count)", "catalog.dry_run": "\(dryRun)",
        ])
        return try JSONResponse.make(CatalogApplyResponse(result))
    }

    /// The whole catalog as a document that `PUT` accepts back: JSON, or YAML with `?format=yaml`
    /// or `Accept: application/yaml`.
    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let wantsYAML = QueryParameters(request).string("format") == "yaml"
            || (request.headers[.accept].map { DocumentFormat(contentType: $0) == .yaml } ?? false)
        let document = CatalogDocument(components: try await catalog.snapshot().components)
        if wantsYAML {
            return JSONResponse.text(try YAMLEncoder().encode(document), contentType: "application/yaml")
        }
        return try JSONResponse.make(document)
    }
}
