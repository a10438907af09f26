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

/// A test could not set up what it needs.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// A fresh, empty place to keep data: a new SQLite file in a new directory, or a new
/// PostgreSQL database. Dropped by ``dispose()``.
public struct TestDatabase: Sendable {
    /// Where it is.
    public let location: DatabaseLocation
    /// The `--database-url` that names it (`nil` for the default SQLite file).
    public let url: String?
    /// A directory that belongs to this test alone.
    public let directory: String
    private let databaseName: String?

    /// Makes a fresh database for `backend`.
    public static func make(_ backend: TestBackend) async throws -> TestDatabase {
        let directory = NSTemporaryDirectory() + "sextant-test-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        switch backend {
        case .sqlite:
            let path = directory + "/sextant.db"
            return TestDatabase(location: .sqlite(path: path), url: "sqlite:" + path, directory: directory, databaseName: nil)
        case .postgres:
            let base = try PostgresSettings(url: try TestBackend.postgresURL())
            let name = "sextant_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            try await Self.admin(base) { connection in
                _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: Logger.quiet)
            }
            var settings = base
            settings.database = String(name)
            let password = settings.password.map { ":" + $0 } ?? ""
            let url = "postgres://\(settings.username)\(password)@\(settings.host):\(settings.port)/\(name)?sslmode=disable"
            return TestDatabase(location: .postgres(settings), url: url, directory: directory, databaseName: String(name))
        }
    }

    /// Removes the database and the directory.
    public func dispose() async {
        if let databaseName, case .postgres(let settings) = location {
            var base = settings
            base.database = "postgres"
            try? await Self.admin(base) { connection in
                _ = try await connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(databaseName) WITH (FORCE)"), logger: Logger.quiet)
            }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func admin(_ settings: PostgresSettings, _ body: (PostgresConnection) async throws -> Void) async throws {
        var adminSettings = settings
        adminSettings.database = "postgres"
        let configuration = PostgresConnection.Configuration(
            host: adminSettings.host, port: adminSettings.port, username: adminSettings.username,
            password: adminSettings.password, database: adminSettings.database, tls: .disable
        )
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Logger.quiet)
        do {
            try await body(connection)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
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
