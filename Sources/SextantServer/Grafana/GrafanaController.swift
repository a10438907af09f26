import Foundation
import Hummingbird
import SextantCore

/// `GET /api/v1/grafana/dashboard?service=`: a Grafana dashboard for a service, to import as it is.
struct GrafanaController {
    let sources: UISources

    func addRoutes(to api: Routes) {
        api.get("grafana/dashboard", needs: .needs(.read), use: dashboard)
    }

    @Sendable func dashboard(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let service = QueryParameters(request).string("service") else { throw APIError.badRequest("service is required", field: "service") }
        let graph = try await sources.graph()
        let named = try await sources.serviceNames()
        guard graph.contains(service) || named.contains(service) else { throw APIError.notFound("there is no service \(Quoted.prefix(service))") }
        return JSONResponse.object(GrafanaDashboard.model(service: service, version: SextantVersion.current))
    }
}
