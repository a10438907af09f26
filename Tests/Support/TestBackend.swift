import Foundation
import Logging
import PostgresNIO
import SextantStorage

/// A database engine the shared test suites run against.
///
/// SQLite always; PostgreSQL when `SEXTANT_TEST_POSTGRES_URL` names a server whose user may
/// create databases. `scripts/test` starts one and sets `SEXTANT_REQUIRE_POSTGRES=1`, so that
/// a missing server fails the run instead of silently skipping half the suite.
public enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// The backends to run: SQLite, and PostgreSQL when configured or required.
    public static var available: [TestBackend] {
        let environment = ProcessInfo.processInfo.environment
        let wantsPostgres = environment["SEXTANT_TEST_POSTGRES_URL"] != nil || environment["SEXTANT_REQUIRE_POSTGRES"] == "1"
        return wantsPostgres ? [.sqlite, .postgres] : [.sqlite]
    }

    /// The base PostgreSQL URL for tests.
    public static func postgresURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["SEXTANT_TEST_POSTGRES_URL"] else {
            throw TestSetupError("SEXTANT_REQUIRE_POSTGRES=1 but SEXTANT_TEST_POSTGRES_URL is not set")
        }
        return url
    }
}

extension Logger {
    /// A logger that drops everything, for tests.
    public static var quiet: Logger {
        var logger = Logger(label: "sextant.test", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        return logger
    }
}

/// Runs `body` with a fresh database of `backend`, disposing of it afterwards whatever happens.
public func withTestDatabase(
    _ backend: TestBackend,
    _ body: (TestDatabase) async throws -> Void
) async throws {
    let database = try await TestDatabase.make(backend)
    do {
        try await body(database)
    } catch {
        await database.dispose()
        throw error
    }
    await database.dispose()
}

/// Runs `body` with a migrated engine on a fresh database of `backend`, running the engine's
/// service beside it, and cleans everything up afterwards.
public func withMigratedEngine(
    _ backend: TestBackend,
    _ body: @Sendable (any SQLEngine, TestDatabase) async throws -> Void
) async throws {
    try await withTestDatabase(backend) { database in
        try await withEngine(on: database) { engine in
            _ = try await Migrator(engine: engine, logger: .quiet).migrate()
            try await body(engine, database)
        }
    }
}

/// Opens an engine on `database`, runs its service while `body` runs, then stops it.
public func withEngine(
    on database: TestDatabase,
    _ body: @Sendable (any SQLEngine) async throws -> Void
) async throws {
    let engine = try await SQLEngines.open(database.location, logger: .quiet)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await engine.run() }
        do {
            try await body(engine)
        } catch {
            group.cancelAll()
            throw error
        }
        group.cancelAll()
    }
    if let sqlite = ((engine as? GuardedEngine)?.inner ?? engine) as? SQLiteEngine { await sqlite.close() }
}
