import Logging

/// Opens the engine for a location.
public enum SQLEngines {
    /// Opens SQLite or PostgreSQL, failing with a one-line ``StoreError`` when the location is
    /// unusable (an unwritable directory, an unreachable server, wrong credentials).
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> any SQLEngine {
        switch location {
        case .sqlite(let path):
            return try await SQLiteEngine.open(path: path, logger: logger)
        case .postgres(let settings):
            return try await PostgresEngine.open(settings: settings, logger: logger)
        }
    }
}
