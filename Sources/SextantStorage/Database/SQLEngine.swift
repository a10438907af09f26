import Logging
import ServiceLifecycle
import SQLKit

/// A database that runs reads and writes in transactions over `any SQLDatabase`, whatever the
/// engine; stores are written once against it.
///
/// The engine is a `Service`: run it in the application's `ServiceGroup` (PostgreSQL's
/// connection pool works only while it runs); it closes its connections on shutdown.
public protocol SQLEngine: Service, Sendable {
    /// Which engine this is, for the few statements that differ (locks, upserts).
    var kind: DatabaseKind { get }

    /// Where the stores report rows they cannot read back.
    var unreadableRows: UnreadableRows { get }

    /// Runs `body` in a read transaction, so that every statement sees the same snapshot.
    func read<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result

    /// Runs `body` in a write transaction: all of it is committed, or none of it.
    func write<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result

    /// Runs one read statement — its values bound as integers, reals or text — and answers its
    /// rows' values by position, not decoded by column name: for reads of many rows of many
    /// numbers. One statement sees one snapshot by itself.
    func readByPosition(_ query: SQLQueryString) async throws -> SQLValueRows

    /// Runs one statement on a writer connection without an explicit transaction: a single
    /// statement is atomic by itself, and skipping `BEGIN`/`COMMIT` saves two round trips.
    func writeStatement(_ statement: SQLQueryString) async throws

    /// Runs `body` on one connection outside any transaction, for migrations that manage their
    /// own transactions and locks.
    func withSession<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result

    /// Checks that the database answers a trivial query.
    func ping() async throws
}

extension SQLDatabase {
    /// Runs `body` between `begin` and `COMMIT`, rolling back when it throws.
    func inTransaction<Result: Sendable>(
        begin: SQLQueryString,
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await raw(begin).run()
        let result: Result
        do {
            result = try await body(self)
        } catch {
            try? await raw("ROLLBACK").run()
            throw error
        }
        try await raw("COMMIT").run()
        return result
    }
}
