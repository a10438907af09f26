import Foundation
import Logging
import SextantCore
import SQLKit

/// Applies pending migrations, each in its own transaction, recording each in
/// `sextant_schema_migrations`. Running it again applies nothing. On PostgreSQL an advisory
/// lock keeps replicas that start together from migrating at once.
public struct Migrator: Sendable {
    /// What a run did.
    public struct Outcome: Sendable, Equatable {
        /// Versions applied by this run, in order.
        public let applied: [Int]
        /// The schema version afterwards.
        public let currentVersion: Int
    }

    /// The lock key used on PostgreSQL (`pg_advisory_lock`).
    static let advisoryLockKey: Int64 = 0x5EC7_A471

    let engine: any SQLEngine
    let migrations: [Migration]
    let clock: any WallClock
    let logger: Logger

    /// Creates a migrator for `engine`.
    public init(engine: any SQLEngine, migrations: [Migration] = Migrations.all, clock: any WallClock = SystemClock(), logger: Logger) {
        self.engine = engine
        self.migrations = migrations
        self.clock = clock
        self.logger = logger
    }

    /// Brings the schema up to date.
    public func migrate() async throws -> Outcome {
        let kind = engine.kind
        let migrations = migrations
        let clock = clock
        let logger = logger
        return try await engine.withSession { database in
            if kind == .postgres {
                _ = try await database.raw("SELECT pg_advisory_lock(\(bind: Self.advisoryLockKey))").all()
            }
            do {
                let outcome = try await Self.applyPending(migrations, on: database, kind: kind, clock: clock, logger: logger)
                if kind == .postgres {
                    _ = try await database.raw("SELECT pg_advisory_unlock(\(bind: Self.advisoryLockKey))").all()
                }
                return outcome
            } catch {
                if kind == .postgres {
                    _ = try? await database.raw("SELECT pg_advisory_unlock(\(bind: Self.advisoryLockKey))").all()
                }
                throw error
            }
        }
    }

    private static func applyPending(
        _ migrations: [Migration], on database: any SQLDatabase, kind: DatabaseKind, clock: any WallClock, logger: Logger
    ) async throws -> Outcome {
        try await database.raw("""
            CREATE TABLE IF NOT EXISTS sextant_schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at BIGINT NOT NULL
            )
            """).run()
        let applied = Set(try await database.raw("SELECT version FROM sextant_schema_migrations").all()
            .map { try $0.decode(column: "version", as: Int.self) })
        let known = Set(migrations.map(\.version))
        if let newer = applied.subtracting(known).max() {
            throw StoreError.invalidConfiguration(
                "the database schema is at version \(newer), newer than this Sextant knows (\(known.max() ?? 0)); upgrade Sextant"
            )
        }

        var appliedNow: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) where !applied.contains(migration.version) {
            let begin: SQLQueryString = kind == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
            let appliedAt = Int64(clock.now().timeIntervalSince1970 * 1000)
            try await database.inTransaction(begin: begin) { transaction in
                for statement in migration.statements(for: kind) {
                    try await transaction.execute(sql: SQLRaw(statement)) { _ in }
                }
                try await transaction.raw("""
                    INSERT INTO sextant_schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: appliedAt))
                    """).run()
            }
            logger.info("applied migration", metadata: ["migration.version": "\(migration.version)", "migration.name": "\(migration.name)"])
            appliedNow.append(migration.version)
        }
        return Outcome(applied: appliedNow, currentVersion: applied.union(appliedNow).max() ?? 0)
    }
}
