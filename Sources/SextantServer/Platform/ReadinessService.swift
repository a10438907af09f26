import ServiceLifecycle
import Synchronization

/// Marks readiness as shutting down as soon as graceful shutdown starts, so that load balancers
/// stop sending traffic while requests in flight finish.
struct ReadinessService: Service {
    let readiness: Readiness

    func run() async throws {
        try? await gracefulShutdown()
        readiness.markShuttingDown()
    }
}
