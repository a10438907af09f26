import Foundation
import Logging
import PostgresNIO
import ArgumentParser

/// A PostgreSQL database created for one benchmark run on the server of a given URL, and
/// dropped after it.
struct ThrowawayDatabase {
    let url: String
    private let admin: PostgresConnection.Configuration
    private let name: String

    static func create(next url: String) async throws -> ThrowawayDatabase {
        guard var components = URLComponents(string: url), let host = components.host, let user = components.user else {
            throw ValidationError("cannot read the database URL")
        }
        let admin = PostgresConnection.Configuration(host: host, port: components.port ?? 5432, username: user,
                                                     password: components.password, database: "postgres", tls: .disable)
        let name = "sextant_bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try await run("CREATE DATABASE \(name)", on: admin)
        components.path = "/" + name
        return ThrowawayDatabase(url: components.string ?? url, admin: admin, name: String(name))
    }

    /// Runs `sql` in the database.
    func execute(_ sql: String) async throws {
        var configuration = admin
        configuration.database = name
        try await Self.run(sql, on: configuration)
    }

    func drop() async throws {
        try await Self.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: admin)
    }

    private static func run(_ sql: String, on configuration: PostgresConnection.Configuration) async throws {
        let logger = Logger(label: "sextant-bench.database")
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        defer { Task { try? await connection.close() } }
        _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }
}
