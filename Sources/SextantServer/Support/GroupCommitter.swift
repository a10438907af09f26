import Synchronization

/// Coalesces concurrent writes: callers hand over their items and wait, and each writer
/// commits everything handed over since its last commit in one transaction, then answers
/// every caller. Under load each commit (and its fsync) serves many requests; alone, a caller
/// waits for no one. With more than one writer (for a server database, where a commit is a
/// round trip), a batch may be committed while an earlier one still is: the write must not
/// depend on their order.
final class GroupCommitter<Item: Sendable>: Sendable {
    private struct Pending {
        var items: [Item] = []
        var waiters: [CheckedContinuation<Void, any Error>] = []
        var writers = 0
    }

    private let write: @Sendable ([Item]) async throws -> Void
    private let maximumWriters: Int
    private let pending = Mutex(Pending())

    init(writers: Int = 1, write: @escaping @Sendable ([Item]) async throws -> Void) {
        self.maximumWriters = max(1, writers)
        self.write = write
    }

    /// Returns once `items` are committed; throws what their commit threw.
    func commit(_ items: [Item]) async throws {
        guard !items.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let startsWriter = pending.withLock { pending in
                pending.items += items
                pending.waiters.append(continuation)
                guard pending.writers < maximumWriters else { return false }
                pending.writers += 1
                return true
            }
            // Every waiting request depends on the writer: it runs ahead of new requests.
            if startsWriter { Task(priority: .high) { await self.drain() } }
        }
    }

    private func drain() async {
        while let (items, waiters) = pending.withLock({ pending -> ([Item], [CheckedContinuation<Void, any Error>])? in
            guard !pending.waiters.isEmpty else {
                pending.writers -= 1
                return nil
            }
            defer {
                pending.items = []
                pending.waiters = []
            }
            return (pending.items, pending.waiters)
        }) {
            do {
                try await write(items)
                for waiter in waiters { waiter.resume() }
            } catch {
                for waiter in waiters { waiter.resume(throwing: error) }
            }
        }
    }
}
