/// A fixed set of connections lent out one task at a time; a task that finds none free waits,
/// first come, first served.
actor ConnectionPool<Connection: Sendable> {
    private var idle: [Connection]
    private var waiters: [CheckedContinuation<Connection, Never>] = []

    init(_ connections: [Connection]) {
        self.idle = connections
    }

    /// Takes a connection, waiting for one if all are lent.
    func lease() async -> Connection {
        if let connection = idle.popLast() { return connection }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives a connection back, handing it straight to the longest waiter if there is one.
    func release(_ connection: Connection) {
        if waiters.isEmpty {
            idle.append(connection)
        } else {
            waiters.removeFirst().resume(returning: connection)
        }
    }

    /// Takes every idle connection out of the pool, for closing.
    func drain() -> [Connection] {
        defer { idle.removeAll() }
        return idle
    }

    /// Runs `body` with a leased connection and gives it back afterwards.
    nonisolated func withConnection<Result: Sendable>(
        _ body: (Connection) async throws -> Result
    ) async throws -> Result {
        let connection = await lease()
        do {
            let result = try await body(connection)
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw error
        }
    }
}
