import Hummingbird
import SextantAPI
import SextantCore
import SextantStorage

/// Liveness and readiness: `/health` and `/ready`, answered from the store monitor's last
/// check (a live server answers them on the event loop, see ``HealthFastPath``).
struct HealthController {
    let environment: AppEnvironment
    let monitor: StoreMonitor

    func addRoutes(to routes: Routes) {
        routes.get("health", needs: .open) { _, _ in try await response(to: .health) }
        routes.get("ready", needs: .open) { _, _ in try await response(to: .ready) }
    }

    enum Probe { case health, ready }

    private func response(to probe: Probe) async throws -> Response {
        let problem: String?
        if let known = monitor.lastProblem { problem = known } else { problem = await monitor.check() }
        let report = Self.report(probe, environment: environment, storeProblem: problem)
        return Response(status: report.status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: report.body)))
    }

    static func report(_ probe: Probe, environment: AppEnvironment, storeProblem: String?) -> HealthReport {
        switch probe {
        case .health: return .health(storeProblem: storeProblem, uptime: environment.clock.now().timeIntervalSince(environment.startedAt))
        case .ready: return .ready(blockingReason: environment.readiness.blockingReason, storeProblem: storeProblem)
        }
    }
}
