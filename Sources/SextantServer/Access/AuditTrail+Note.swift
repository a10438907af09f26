import Foundation
import Hummingbird
import SextantCore

extension AuditTrail {
    /// Records what a handler decided about a request beyond what the guard saw — a secret
    /// revealed, a freeze overridden, a request refused for its environment — as `action` on
    /// `resource`, by the request's caller.
    func note(_ action: String, resource: String, outcome: AuditEntry.Outcome, status: Int, route: String, request: Request,
              context: AppRequestContext, at time: Date) async throws {
        let caller = context.caller
        try await append(AuditEntry(
            sequence: 0, time: time, requestID: context.requestID, keyID: caller?.id, keyName: caller?.name, role: caller?.role,
            source: context.remoteAddress?.ipAddress ?? "", method: request.method.rawValue, route: route,
            resource: String(resource.prefix(1_024)), action: action, outcome: outcome, status: status
        ))
    }
}
