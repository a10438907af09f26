import Logging
import ServiceLifecycle
import SQLKit
import Synchronization

/// An engine that fails fast while its database is unreachable, and recovers by itself.
///
/// Every operation must get a connection within a deadline (a server database's pool waits
/// for one indefinitely while the server is down); what it then does may take as long as it
/// takes (a lock wait is not an outage). When an operation fails because the database cannot
/// be reached (a refused or lost connection, a full disk, no connection in time), the engine
/// is marked unavailable: from then on operations fail at once with
/// ``StoreError/unavailable(_:)`` (answered 503 with `Retry-After`) instead of queueing behind a
/// dead pool, while the engine's service pings the database until it answers and lets
/// operations through again.
public final class GuardedEngine: SQLEngine {
    public let inner: any SQLEngine
    /// Checks the database on a connection of its own, outside the pool: whether it answers
    /// at all, which a pool busy with slow work cannot tell.
    private let probe: @Sendable () async throws -> Void
    /// How long an operation may wait for a connection before it counts as unavailability;
    /// `nil` for an embedded database, whose connections are local and never lost.
    public let timeout: Duration?
    /// How often an unavailable database is pinged.
    public let probeInterval: Duration
    private let logger: Logger
    private let failure = Mutex<String?>(nil)
    /// When an operation last succeeded: a ping within a second of it is answered from it, so
    /// that health checks cost nothing under load.
    private let lastAnswer = Mutex<ContinuousClock.Instant?>(nil)

    public init(_ inner: any SQLEngine, timeout: Duration?, probeInterval: Duration = .milliseconds(500), logger: Logger,
                probe: (@Sendable () async throws -> Void)? = nil) {
        self.inner = inner
        self.probe = probe ?? { try await inner.ping() }
        self.timeout = timeout
        self.probeInterval = probeInterval
        self.logger = logger
    }

    public var kind: DatabaseKind { inner.kind }
    public var unreadableRows: UnreadableRows { inner.unreadableRows }

    /// Why the database is unavailable, or `nil` while it answers.
    public var unavailability: String? { failure.withLock { $0 } }

    public func read<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        try await guarded { started in try await self.inner.read { database in started(); return try await body(database) } }
    }

    public func write<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        try await guarded { started in try await self.inner.write { database in started(); return try await body(database) } }
    }

    public func writeStatement(_ statement: SQLQueryString) async throws {
        try await guarded { started in
            started()
            try await self.inner.writeStatement(statement)
        }
    }

    public func readByPosition(_ query: SQLQueryString) async throws -> SQLValueRows {
        try await guarded { started in
            started()
            return try await self.inner.readByPosition(query)
        }
    }

    public func withSession<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        try await inner.withSession(body)
    }

    public func ping() async throws {
        if let reason = unavailability { throw StoreError.unavailable(reason) }
        if let last = lastAnswer.withLock({ $0 }), ContinuousClock.now - last < .seconds(1) { return }
        try await guarded { _ in try await self.inner.ping() }
    }

    /// Runs the engine; while the database is unavailable, pings it until it answers.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.inner.run() }
            group.addTask {
                await cancelWhenGracefulShutdown {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: self.probeInterval)
                        guard self.unavailability != nil else { continue }
                        do {
                            try await self.probe()
                            self.failure.withLock { $0 = nil }
                            self.logger.notice("the database answers again")
                        } catch {}
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private func guarded<Result: Sendable>(
        _ operation: @escaping @Sendable (_ started: @escaping @Sendable () -> Void) async throws -> Result
    ) async throws -> Result {
        if let reason = unavailability { throw StoreError.unavailable(reason) }
        do {
            let result = try await deadline(operation)
            lastAnswer.withLock { $0 = ContinuousClock.now }
            return result
        } catch let exceeded as DeadlineExceeded {
            let reason = exceeded.started ? "the database stopped answering during a statement"
                : "no connection to the database within \(timeout ?? .zero)"
            markUnavailable(reason)
            throw StoreError.unavailable(reason)
        } catch {
            guard let reason = Self.unavailability(of: error) else { throw error }
            // A server that stopped answering fails everything fast until it answers again;
            // an embedded file that is full or unwritable fails only what it cannot do (reads
            // go on), and cannot hang.
            if timeout != nil { markUnavailable(reason) }
            throw StoreError.unavailable(reason)
        }
    }

    private func markUnavailable(_ reason: String) {
        let wasAvailable = failure.withLock { current in
            defer { current = reason }
            return current == nil
        }
        if wasAvailable { logger.error("the database is unavailable; requests fail until it answers", metadata: ["error": "\(reason)"]) }
    }

    private struct DeadlineExceeded: Error {
        /// Whether the operation had a connection (its outcome is then unknown).
        var started: Bool
    }

    private final class StartFlag: Sendable {
        let value = Atomic<Bool>(false)
    }

    /// Runs `operation`, giving up on it (and cancelling it) once it has run ``timeout`` and
    /// the database then does not answer a direct probe: waiting for a connection from a busy
    /// pool, or a statement waiting for a lock, goes on as long as the database answers. The
    /// operation runs in a task of its own, so that giving up does not wait for it: a request
    /// for a connection to a pool that cannot connect, or a statement on a connection the
    /// server dropped, may not end when cancelled, and the caller must not hang with it.
    private func deadline<Result: Sendable>(
        _ operation: @escaping @Sendable (_ started: @escaping @Sendable () -> Void) async throws -> Result
    ) async throws -> Result {
        guard let timeout else { return try await operation {} }
        let started = StartFlag()
        let race = FirstOutcome<Result>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.begin(continuation)
                race.add(Task {
                    do {
                        race.finish(.success(try await operation { started.value.store(true, ordering: .relaxed) }))
                    } catch {
                        race.finish(.failure(error))
                    }
                })
                race.add(Task {
                    while !Task.isCancelled {
                        do { try await Task.sleep(for: timeout) } catch { return }
                        // Still running: an outage, or only a busy pool or a long statement? Ask
                        // the database directly; keep waiting while it answers.
                        do { try await self.probe() } catch {
                            race.finish(.failure(DeadlineExceeded(started: started.value.load(ordering: .relaxed))))
                            return
                        }
                    }
                })
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    /// Why `error` means the database cannot be used now (rather than that one statement
    /// failed), or `nil`.
    static func unavailability(of error: any Error) -> String? {
        if case StoreError.unavailable(let reason) = error { return reason }
        return SQLiteEngine.unavailability(of: error) ?? PostgresEngine.unavailability(of: error)
    }
}

/// The first outcome of racing tasks, handed to one waiting continuation; the tasks are
/// cancelled once it is known, and not waited for.
private final class FirstOutcome<Result: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Result, any Error>?
        var outcome: Swift.Result<Result, any Error>?
        var tasks: [Task<Void, Never>] = []
    }

    private let state = Mutex(State())

    func begin(_ continuation: CheckedContinuation<Result, any Error>) {
        let early = state.withLock { state -> Swift.Result<Result, any Error>? in
            guard let outcome = state.outcome else {
                state.continuation = continuation
                return nil
            }
            return outcome
        }
        if let early { continuation.resume(with: early) }
    }

    func add(_ task: Task<Void, Never>) {
        let settled = state.withLock { state -> Bool in
            state.tasks.append(task)
            return state.outcome != nil
        }
        if settled { task.cancel() }
    }

    func finish(_ outcome: Swift.Result<Result, any Error>) {
        let (continuation, tasks) = state.withLock { state -> (CheckedContinuation<Result, any Error>?, [Task<Void, Never>]) in
            guard state.outcome == nil else { return (nil, []) }
            state.outcome = outcome
            defer { state.continuation = nil }
            return (state.continuation, state.tasks)
        }
        for task in tasks { task.cancel() }
        continuation?.resume(with: outcome)
    }
}
