import ServiceLifecycle
import Synchronization

/// Coalesces concurrent writes: callers add to the batch and wait, and each commit writes
/// everything added since the last one in one transaction, then answers every caller. Under
/// load each commit (and its fsync) serves many requests; alone, a caller waits for no one.
///
/// `run()` does the committing, in the service's own task group: up to `writers` commits at
/// once (for a server database, where a commit is a round trip; the write must then not depend
/// on their order). On graceful shutdown it refuses further additions, commits what was added,
/// and returns once every commit under way has finished.
final class GroupCommitter<Batch: CommitBatch & Sendable>: Service, Sendable {
    private struct State {
        var batch: Batch
        var waiters: [CheckedContinuation<Void, any Error>] = []
        var writing = 0
        var isStopped = false
    }

    private let write: @Sendable (Batch) async throws -> Void
    private let maximumWriters: Int
    private let state: Mutex<State>
    private let wakeUp: AsyncStream<Void>.Continuation
    private let wakeUps: AsyncStream<Void>

    init(empty: Batch, writers: Int = 1, write: @escaping @Sendable (Batch) async throws -> Void) {
        self.maximumWriters = max(1, writers)
        self.write = write
        self.state = Mutex(State(batch: empty))
        (self.wakeUps, self.wakeUp) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Adds to the next commit with `add` (under the batch's lock) and returns once that commit
    /// is done; throws what it threw, or ``CommitsStopped``.
    func commit(_ add: (inout Batch) -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let accepted = state.withLock { state in
                guard !state.isStopped else { return false }
                add(&state.batch)
                state.waiters.append(continuation)
                return true
            }
            if accepted { wakeUp.yield() } else { continuation.resume(throwing: CommitsStopped()) }
        }
    }

    /// Adds to the next commit without waiting for it; does nothing after shutdown began.
    func add(_ add: (inout Batch) -> Void) {
        let accepted = state.withLock { state in
            guard !state.isStopped else { return false }
            add(&state.batch)
            return !state.batch.isEmpty
        }
        if accepted { wakeUp.yield() }
    }

    func run() async {
        // The loop that hands batches to writers runs at high priority too: every waiting
        // request depends on it, so a busy machine must not hold it behind new requests.
        await withDiscardingTaskGroup { loop in
            loop.addTask(priority: .high) {
                await withDiscardingTaskGroup { commits in
                    await withGracefulShutdownHandler {
                        for await _ in self.wakeUps {
                            while let (batch, waiters) = self.takeBatch() {
                                commits.addTask(priority: .high) { await self.commit(batch, answering: waiters) }
                            }
                            if self.isFinished { break }
                        }
                    } onGracefulShutdown: {
                        self.state.withLock { $0.isStopped = true }
                        self.wakeUp.yield()
                    }
                }
            }
        }
    }

    /// Whether additions are refused (graceful shutdown began).
    var isStopped: Bool { state.withLock { $0.isStopped } }

    /// How many callers wait for the next commit.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// How many commits are being written now.
    var writing: Int { state.withLock { $0.writing } }

    /// The batch to commit now, if a writer is free and anything was added.
    private func takeBatch() -> (Batch, [CheckedContinuation<Void, any Error>])? {
        state.withLock { state in
            guard state.writing < maximumWriters, !state.batch.isEmpty || !state.waiters.isEmpty else { return nil }
            defer {
                state.batch = state.batch.emptied()
                state.waiters = []
                state.writing += 1
            }
            return (state.batch, state.waiters)
        }
    }

    /// Whether shutdown began and everything added was committed.
    private var isFinished: Bool {
        state.withLock { $0.isStopped && $0.writing == 0 && $0.batch.isEmpty && $0.waiters.isEmpty }
    }

    private func commit(_ batch: Batch, answering waiters: [CheckedContinuation<Void, any Error>]) async {
        do {
            try await write(batch)
            for waiter in waiters { waiter.resume() }
        } catch {
            for waiter in waiters { waiter.resume(throwing: error) }
        }
        state.withLock { $0.writing -= 1 }
        wakeUp.yield()
    }
}
