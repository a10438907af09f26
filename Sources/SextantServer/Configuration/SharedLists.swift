import Foundation
import Synchronization

/// One read for many identical list requests: the watchers of a prefix woken by the same write
/// ask for the same list at once, so the first reads and encodes it and the others wait for its
/// answer instead of each reading and encoding it again.
final class SharedLists: Sendable {
    private let inFlight = Mutex<[String: Task<(index: Int64, body: Data), any Error>]>([:])

    /// The answer for `key`, made by `make` unless a request with the same key is making it now.
    func answer(for key: String, make: @escaping @Sendable () async throws -> (index: Int64, body: Data)) async throws -> (index: Int64, body: Data) {
        let task = inFlight.withLock { running in
            if let task = running[key] { return task }
            let task = Task { try await make() }
            running[key] = task
            return task
        }
        defer { inFlight.withLock { running in if running[key] == task { running[key] = nil } } }
        return try await task.value
    }
}
