import Foundation
import SextantCore

/// Where Sextant keeps its data: an embedded SQLite file, or a PostgreSQL database.
public enum DatabaseLocation: Sendable, Equatable {
    /// An SQLite file, created on first use.
    case sqlite(path: String)
    /// A PostgreSQL server.
    case postgres(PostgresSettings)

    /// The engine's name, for logs and health answers.
    public var kind: DatabaseKind {
        switch self {
        case .sqlite: return .sqlite
        case .postgres: return .postgres
        }
    }

    /// Resolves the `--database-url` setting: `postgres://` (or `postgresql://`) selects
    /// PostgreSQL, `sqlite:PATH` or `sqlite://PATH` a given SQLite file, and no URL the file
    /// `sextant.db` in `dataDirectory`.
    public static func resolve(url: String?, dataDirectory: String) throws -> DatabaseLocation {
        guard let url, !url.isEmpty else {
            return .sqlite(path: (dataDirectory as NSString).appendingPathComponent("sextant.db"))
        }
        let lowered = url.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            return .postgres(try PostgresSettings(url: url))
        }
        if lowered.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw StoreError.invalidConfiguration("invalid database URL \(Quoted.prefix(url)): the SQLite file path is empty")
            }
            return .sqlite(path: path)
        }
        throw StoreError.invalidConfiguration(
            "invalid database URL \(Quoted.prefix(Self.redacted(url))): expected postgres://user:password@host:port/database or sqlite:PATH"
        )
    }

    /// The URL with any password replaced by `***`, safe to print.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}

/// The kind of database engine.
public enum DatabaseKind: String, Sendable {
    case sqlite
    case postgres
}

/// How to reach a PostgreSQL server.
public struct PostgresSettings: Sendable, Equatable {
    /// TLS use, as libpq's `sslmode` names it.
    public enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    /// Creates settings.
    public init(host: String, port: Int = 5432, username: String, password: String?, database: String, tls: TLSMode = .disable) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses `postgres://user:password@host:port/database?sslmode=disable|prefer|require`.
    public init(url: String) throws {
        let safe = DatabaseLocation.redacted(url)
        guard let components = URLComponents(string: url) else {
            throw StoreError.invalidConfiguration("invalid database URL \(Quoted.prefix(safe)): not a URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError.invalidConfiguration("invalid database URL \(Quoted.prefix(safe)): no host")
        }
        guard let username = components.user, !username.isEmpty else {
            throw StoreError.invalidConfiguration("invalid database URL \(Quoted.prefix(safe)): no user name")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else {
            throw StoreError.invalidConfiguration("invalid database URL \(Quoted.prefix(safe)): no database name")
        }
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                switch item.value {
                case "disable", "allow": tls = .disable
                case "prefer": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default:
                    throw StoreError.invalidConfiguration("invalid database URL \(Quoted.prefix(safe)): unknown sslmode \(Quoted.prefix(item.value ?? ""))")
                }
            default:
                throw StoreError.invalidConfiguration("invalid database URL \(Quoted.prefix(safe)): unsupported parameter \(Quoted.prefix(item.name))")
            }
        }
        self.init(
            host: host, port: components.port ?? 5432, username: username.removingPercentEncoding ?? username,
            password: components.password?.removingPercentEncoding, database: database, tls: tls
        )
    }
}
