import Hummingbird
import SextantCore
import SextantStorage

/// Liveness and readiness: `/health` and `/ready`, answered from the store monitor's last
/// check (a live server answers them on the event loop, see ``HealthFastPath``).
struct HealthController {
    let environment: AppEnvironment
    let monitor: StoreMonitor

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/health") { _, _ in try await response(to: .health) }
        router.get("/ready") { _, _ in try await response(to: .ready) }
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

/// An operation took longer than allowed.
struct TimeoutError: Error {}

/// Runs `operation`, throwing ``TimeoutError`` if it takes longer than `timeout`.
func withTimeout<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TimeoutError()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
