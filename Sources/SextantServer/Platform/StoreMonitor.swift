import Foundation
import ServiceLifecycle
import SextantCore
import SextantStorage
import Synchronization

/// Checks the store every half second and keeps the answer, so that `/health` and `/ready`
/// answer from memory — at once, whatever the load — and say within two seconds that the
/// store went away.
final class StoreMonitor: Service, Sendable {
    private let engine: any SQLEngine
    private let interval: Duration
    private let timeout: Duration
    /// Real time: the store's answers are timed by the wall, whatever clock the rest reads.
    private let clock: any WallClock
    /// `nil` before the first check; then `.some(nil)` while the store answers, or the problem.
    private let latest = Mutex<String??>(nil)

    init(engine: any SQLEngine, interval: Duration = .milliseconds(500), timeout: Duration = .seconds(2), clock: any WallClock = SystemClock()) {
        self.engine = engine
        self.clock = clock
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
            await self.check()
            for await _ in self.clock.ticks(every: self.interval.seconds) { await self.check() }
        }
    }
}
