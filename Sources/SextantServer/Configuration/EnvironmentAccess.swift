import Foundation
import Hummingbird
import SextantCore
import SextantStorage

/// Who may act in which environment: it must exist (`?environment=` is required, so nothing lands
/// in production by default), a key limited to one environment acts only there, and a protected
/// environment changes only by promotion or by a caller who may configure protected ones (an
/// admin). Every refusal is recorded in the audit trail.
struct EnvironmentAccess: Sendable {
    enum Use {
        case read
        case change
        /// A promotion into the environment: allowed in a protected one without the admin role.
        case promotion
    }

    let store: any ConfigurationStore
    let audit: AuditTrail
    let clock: any WallClock

    func environment(_ name: String?, field: String = "environment", for use: Use, route: String, request: Request,
                     context: AppRequestContext) async throws -> EnvironmentRecord {
        guard let name, !name.isEmpty else {
            throw APIError.badRequest("name the environment (?environment=); nothing is read or written without one", field: field,
                                      code: "missing_environment")
        }
        try ConfigNames.checkEnvironment(name, field: field)
        guard let environment = try await store.environment(named: name) else {
            throw APIError.notFound("there is no environment \(Quoted.prefix(name)); an admin creates it with POST /api/v1/environments", field: field)
        }
        if let limited = context.caller?.environment, limited != name {
            try await refuse("this key is limited to the environment \(limited)", resource: name, route: route, request: request, context: context)
        }
        if environment.protected, use == .change, !(context.caller?.role.allows(.configureProtected) ?? false) {
            try await refuse("\(name) is protected: values there change by promotion from another environment, or by an admin",
                             resource: name, route: route, request: request, context: context)
        }
        return environment
    }

    /// Records the refusal, then answers 403 with `message`.
    func refuse(_ message: String, resource: String, route: String, request: Request, context: AppRequestContext) async throws -> Never {
        try await audit.note("denied", resource: "\(resource): \(message)", outcome: .denied, status: 403, route: route, request: request,
                             context: context, at: clock.now())
        throw APIError(.forbidden, code: "forbidden", message: message)
    }
}
