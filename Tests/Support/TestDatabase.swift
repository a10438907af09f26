import Foundation
import Logging
import PostgresNIO
import SextantStorage

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
