import Logging

/// Opens the engine for a location.
public enum SQLEngines {
    /// Opens SQLite or PostgreSQL, failing with a one-line ``StoreError`` when the location is
    /// unusable (an unwritable directory, an unreachable server, wrong credentials). The engine
    /// fails fast while the database is unavailable later, and recovers by itself
    /// (``GuardedEngine``).
    public static func open(_ location: DatabaseLocation, connectionTimeout: Duration = .seconds(3), logger: Logger) async throws -> any SQLEngine {
        switch location {
        case .sqlite(let path):
            return GuardedEngine(try await SQLiteEngine.open(path: path, logger: logger), timeout: nil, logger: logger)
        case .postgres(let settings):
            let engine = try await PostgresEngine.open(settings: settings, logger: logger)
            return GuardedEngine(engine, timeout: connectionTimeout, logger: logger) { try await engine.probe(timeout: connectionTimeout) }
        }
    }
}
