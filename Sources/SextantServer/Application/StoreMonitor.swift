import Foundation
import ServiceLifecycle
import SextantStorage
import Synchronization

/// Checks the store every half second and keeps the answer, so that `/health` and `/ready`
/// answer from memory — at once, whatever the load — and say within two seconds that the
/// store went away.
final class StoreMonitor: Service, Sendable {
    private let engine: any SQLEngine
    private let interval: Duration
    private let timeout: Duration
    /// `nil` before the first check; then `.some(nil)` while the store answers, or the problem.
    private let latest = Mutex<String??>(nil)

    init(engine: any SQLEngine, interval: Duration = .milliseconds(500), timeout: Duration = .seconds(2)) {
        self.engine = engine
        self.interval = interval
        self.timeout = timeout
    }

    /// The last check's problem (`.some(nil)` when the store answered); `nil` before any. An
    /// engine that already fails requests fast says so at once, between checks.
    var lastProblem: String?? {
        if let guarded = engine as? GuardedEngine, let reason = guarded.unavailability { return .some(reason) }
        return latest.withLock { $0 }
    }

    /// Checks now and keeps the answer: `nil` when the store answers, else why not.
    @discardableResult
    func check() async -> String? {
        let engine = engine
        let problem: String?
        do {
            try await withTimeout(timeout) { try await engine.ping() }
            problem = nil
        } catch is TimeoutError {
            problem = "no answer within \(timeout)"
        } catch let error as StoreError {
            problem = error.description
        } catch {
            problem = PostgresEngine.describe(error)
        }
        latest.withLock { $0 = .some(problem) }
        return problem
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.check()
                try? await Task.sleep(for: self.interval)
            }
        }
    }
}
