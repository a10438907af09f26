import Foundation
import Logging
import ServiceLifecycle

/// The last resort of a graceful shutdown: once it begins, the process ends within the grace
/// period and a few seconds more, whatever a service waiting on an unreachable store or peer
/// does. Every request answered 2xx was committed before its answer, so ending here loses
/// nothing acknowledged. Runs last in the group, so that it is told first.
struct ShutdownDeadline: Service {
    let grace: Duration
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group is ending anyway
        }
        let limit = grace + .seconds(5)
        let logger = logger
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: limit.seconds)
            logger.error("shutdown did not finish within the grace period; stopping now", metadata: ["grace": "\(grace)"])
            exit(0)
        }
    }
}
