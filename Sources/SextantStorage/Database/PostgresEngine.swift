import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import ServiceLifecycle
import SQLKit

/// The engine for many replicas: PostgreSQL through PostgresNIO's connection pool.
///
/// Reads run in `REPEATABLE READ READ ONLY` transactions, so that every statement sees the same
/// snapshot; writes in ordinary `READ COMMITTED` transactions, with the row locks each store takes.
public final class PostgresEngine: SQLEngine {
    public let kind = DatabaseKind.postgres
    /// Where the server is.
    public let settings: PostgresSettings
    private let client: PostgresClient
    private let logger: Logger
    public let unreadableRows: UnreadableRows

    private init(settings: PostgresSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        self.unreadableRows = UnreadableRows(logger: logger)
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.username,
            password: settings.password, database: settings.database, tls: Self.clientTLS(settings.tls)
        )
        configuration.options.maximumConnections = 10
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// Connects once to check that the server is reachable and the credentials work, then
    /// prepares the pool (which connects when the engine runs).
    public static func open(settings: PostgresSettings, logger: Logger) async throws -> PostgresEngine {
        let probe = try await connect(settings: settings, logger: logger)
        try? await probe.close()
        return PostgresEngine(settings: settings, logger: logger)
    }

    /// A single connection outside the pool.
    static func connect(settings: PostgresSettings, logger: Logger) async throws -> PostgresConnection {
        let configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.username,
            password: settings.password, database: settings.database, tls: connectionTLS(settings.tls)
        )
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw StoreError.unavailable(
                "cannot connect to PostgreSQL at \(settings.host):\(settings.port) as \(settings.username): \(describe(error))"
            )
        }
    }

    /// The server's own message for a PostgreSQL error, or the network error beneath it.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return describe(underlying) }
            return String(describing: error.code)
        }
        if let error = error as? IOError { return error.description }
        return String(reflecting: error)
    }

    /// Why `error` means the server cannot be used now (a refused or lost connection, a server
    /// shutting down, out of connections), or `nil` for an error of one statement.
    static func unavailability(of error: any Error) -> String? {
        if let error = error as? PSQLError {
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown:
                return "PostgreSQL is unreachable: \(describe(error))"
            case .server:
                // Connection exceptions, operator intervention (shutdown), resources, system errors.
                let state = error.serverInfo?[.sqlState] ?? ""
                return ["08", "57", "53", "58"].contains(where: state.hasPrefix) ? "PostgreSQL is unavailable: \(describe(error))" : nil
            default:
                return nil
            }
        }
        if error is IOError || error is ChannelError { return "PostgreSQL is unreachable: \(describe(error))" }
        return nil
    }

    private static func clientTLS(_ mode: PostgresSettings.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .prefer: return .prefer(.makeClientConfiguration())
        case .require: return .require(.makeClientConfiguration())
        }
    }

    private static func connectionTLS(_ mode: PostgresSettings.TLSMode) -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .prefer: return (try? .prefer(.init(configuration: .makeClientConfiguration()))) ?? .disable
        case .require: return (try? .require(.init(configuration: .makeClientConfiguration()))) ?? .disable
        }
    }

    public func read<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        try await client.withConnection { connection in
            try await connection.sql(queryLogLevel: nil)
                .inTransaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
        }
    }

    public func readByPosition(_ query: SQLQueryString) async throws -> SQLValueRows {
        try await client.withConnection { connection in
            let (sql, values) = try query.serialized(for: connection.sql(queryLogLevel: nil))
            var bindings = PostgresBindings(capacity: values.count)
            for value in values {
                switch value {
                case .integer(let value): bindings.append(value)
                case .real(let value): bindings.append(value)
                case .text(let value): bindings.append(value)
                case .null: bindings.appendNull()
                }
            }
            var result: SQLValueRows?
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger) {
                if result == nil { result = SQLValueRows(columnCount: row.count) }
                for cell in row {
                    guard cell.bytes != nil else {
                        result!.append(.null)
                        continue
                    }
                    switch cell.dataType {
                    case .int2, .int4, .int8: result!.append(.integer(try cell.decode(Int64.self)))
                    case .float4, .float8: result!.append(.real(try cell.decode(Double.self)))
                    default: result!.append(.text(try cell.decode(String.self)))
                    }
                }
            }
            return result ?? SQLValueRows(columnCount: 0)
        }
    }

    public func write<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        try await client.withConnection { connection in
            try await connection.sql(queryLogLevel: nil).inTransaction(begin: "BEGIN", body)
        }
    }

    public func writeStatement(_ statement: SQLQueryString) async throws {
        try await client.withConnection { connection in
            try await connection.sql(queryLogLevel: nil).raw(statement).run()
        }
    }

    public func withSession<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        let connection = try await Self.connect(settings: settings, logger: logger)
        do {
            let result = try await body(connection.sql(queryLogLevel: nil))
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Connects afresh, outside the pool, and runs `SELECT 1`, within `timeout`: whether the
    /// server answers at all.
    public func probe(timeout: Duration) async throws {
        var configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.username,
            password: settings.password, database: settings.database, tls: Self.connectionTLS(settings.tls)
        )
        configuration.options.connectTimeout = TimeAmount.nanoseconds(timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        do {
            _ = try await connection.query("SELECT 1", logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    public func ping() async throws {
        try await client.withConnection { connection in
            _ = try await connection.sql(queryLogLevel: nil).raw("SELECT 1").all()
        }
    }

    /// Runs the connection pool until graceful shutdown.
    public func run() async throws {
        await client.run()
    }
}
