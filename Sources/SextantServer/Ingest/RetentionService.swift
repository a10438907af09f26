import Logging
import SextantCore
import SextantStorage
import ServiceLifecycle

/// Folds old minute rollups into hours and deletes expired hours, at start and every
/// `interval` after.
struct RetentionService: Service {
    let telemetry: any TelemetryStore
    let retention: RollupRetention
    let clock: any WallClock
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await runPass()
                try? await Task.sleep(for: interval)
            }
        }
    }

    func runPass() async {
        let pass = retention.pass(at: Int64(clock.now().timeIntervalSince1970))
        do {
            try await telemetry.applyRetention(pass)
        } catch {
            logger.error("rollup retention failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
