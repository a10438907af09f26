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
