import Foundation
import SextantAPI
import Hummingbird
import SextantCore
import SextantStorage

/// Component health probes: `/api/v1/health-checks`.
struct HealthChecksController {
    let prober: HealthProber
    let store: any AlertingStore

    func addRoutes(to group: Routes) {
        group.get(needs: .needs(.read), answers: HealthCheckList.self, use: latest)
        group.post("run", needs: .needs(.runHealthChecks), answers: HealthCheckList.self, use: run)
    }

    @Sendable func latest(_ request: Request, context: AppRequestContext) async throws -> Response {
        let results = try await store.componentHealth()
        return try JSONResponse.make(HealthCheckList(healthy: results.allSatisfy(\.isUp), checks: results.map(HealthCheckResponse.init)))
    }

    /// Probes every component now and answers the results.
    @Sendable func run(_ request: Request, context: AppRequestContext) async throws -> Response {
        let results = try await prober.probeAll()
        return try JSONResponse.make(HealthCheckList(healthy: results.allSatisfy(\.isUp), checks: results.map(HealthCheckResponse.init)))
    }
}
