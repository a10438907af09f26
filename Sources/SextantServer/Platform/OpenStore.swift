import Logging
import SextantStorage

/// Opens the store at `location`, runs `body` while its engine runs, and closes it: for the
/// commands that act on a store without serving (`admin bootstrap`, `backup`, `restore`).
func withOpenStore<Result: Sendable>(
    _ location: DatabaseLocation, logger: Logger, _ body: @escaping @Sendable (any SQLEngine) async throws -> Result
) async throws -> Result {
    let engine = try await SQLEngines.open(location, logger: logger)
    // The engine runs beside the work; cancelling it at the end closes it (the group waits).
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await engine.run() }
        defer { group.cancelAll() }
        return try await body(engine)
    }
}
