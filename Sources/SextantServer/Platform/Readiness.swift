import ServiceLifecycle
import Synchronization

/// Whether this replica should receive traffic: migrations applied and not shutting down.
public final class Readiness: Sendable {
    private struct State {
        var isMigrated = false
        var isShuttingDown = false
    }

    private let state = Mutex(State())

    /// Creates a readiness that is not ready yet.
    public init() {}

    /// Records that the schema is up to date.
    public func markMigrated() {
        state.withLock { $0.isMigrated = true }
    }

    /// Records that graceful shutdown has begun.
    public func markShuttingDown() {
        state.withLock { $0.isShuttingDown = true }
    }

    /// Why the replica is not ready, or `nil` when it is (the store is checked separately).
    var blockingReason: String? {
        state.withLock { state in
            if state.isShuttingDown { return "shutting down" }
            if !state.isMigrated { return "migrations have not been applied" }
            return nil
        }
    }
}
