import Foundation
import Hummingbird
import SextantAPI
import SextantCore
import SextantStorage

/// `/api/v1/environments`: an admin creates environments (and marks them protected); everyone
/// with read access lists them.
struct EnvironmentsController {
    let store: any ConfigurationStore
    let clock: any WallClock

    func addRoutes(to group: Routes) {
        group.post(needs: .needs(.configureProtected), accepts: EnvironmentRequest.self, answers: EnvironmentView.self, use: create)
        group.get(needs: .needs(.read), answers: EnvironmentList.self, use: list)
        group.get("{name}", needs: .needs(.read), answers: EnvironmentView.self, use: show)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let asked = try await context.decode(StrictDocument<EnvironmentRequest>.self, from: request, accepting: [.json, .yaml]).value
        try ConfigNames.checkEnvironment(asked.name, field: "name")
        if let description = asked.description, description.count > 1_000 {
            throw APIError.badRequest("a description is at most 1000 characters", field: "description")
        }
        let record = EnvironmentRecord(name: asked.name, protected: asked.protected ?? false, description: asked.description,
                                       createdBy: context.caller.map(NewAPIKey.describe) ?? "sextant", createdAt: clock.now())
        try await store.createEnvironment(record)
        return try JSONResponse.make(Self.view(record), status: .created, headers: [.location: "/api/v1/environments/\(record.name)"])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(EnvironmentList(environments: try await store.environments().map(Self.view)))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        guard let record = try await store.environment(named: name) else {
            throw APIError.notFound("there is no environment \(Quoted.prefix(name))", field: "name")
        }
        return try JSONResponse.make(Self.view(record))
    }

    static func view(_ record: EnvironmentRecord) -> EnvironmentView {
        EnvironmentView(name: record.name, protected: record.protected, description: record.description, createdBy: record.createdBy,
                        createdAt: record.createdAt)
    }
}
