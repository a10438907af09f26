import Synchronization

/// Coalesces concurrent writes: callers hand over their items and wait, and one writer at a
/// time commits everything handed over since its last commit in one transaction, then answers
/// every caller. Under load each commit (and its fsync) serves many requests; alone, a caller
/// waits for no one.
final class GroupCommitter<Item: Sendable>: Sendable {
    private struct Pending {
        var items: [Item] = []
        var waiters: [CheckedContinuation<Void, any Error>] = []
        var isWriting = false
    }

    private let write: @Sendable ([Item]) async throws -> Void
    private let pending = Mutex(Pending())

    init(write: @escaping @Sendable ([Item]) async throws -> Void) {
        self.write = write
    }

    /// Returns once `items` are committed; throws what their commit threw.
    func commit(_ items: [Item]) async throws {
        guard !items.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let startsWriter = pending.withLock { pending in
                pending.items += items
                pending.waiters.append(continuation)
                guard !pending.isWriting else { return false }
                pending.isWriting = true
                return true
            }
            // Every waiting request depends on the writer: it runs ahead of new requests.
            if startsWriter { Task(priority: .high) { await self.drain() } }
        }
    }

    private func drain() async {
        while let (items, waiters) = pending.withLock({ pending -> ([Item], [CheckedContinuation<Void, any Error>])? in
            guard !pending.waiters.isEmpty else {
                pending.isWriting = false
                return nil
            }
            defer { pending = Pending(isWriting: true) }
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
