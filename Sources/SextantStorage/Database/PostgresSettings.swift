import Foundation
import SextantCore

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
