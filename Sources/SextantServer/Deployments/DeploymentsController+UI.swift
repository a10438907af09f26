import Foundation
import Hummingbird
import SextantAPI
import SextantCore

extension DeploymentsController {
    /// The deployment the request's `{id}` names, as `GET /api/v1/deployments/{id}` shows it.
    func detailedView(_ request: Request, _ context: AppRequestContext) async throws -> DeploymentView {
        Self.view(of: try await state(request, context), detailed: true)
    }

    /// A person's action on the deployment `{id}` from the web UI, through the same path as the
    /// API's (`PUT …/{id}` with an action, or `POST …/rollback`).
    func act(_ action: String, _ request: Request, _ context: AppRequestContext) async throws {
        let who = context.caller.map(NewAPIKey.describe) ?? "sextant"
        switch action {
        case "rollback": _ = try await rollback(request, context: context)
        case "promote", "promoteFully", "pause", "resume", "abort": _ = try await perform(action, reason: "\(action) by \(who) in the web UI", request, context)
        default: throw APIError.badRequest("unknown action \(Quoted.prefix(action))", field: "action")
        }
    }
}
