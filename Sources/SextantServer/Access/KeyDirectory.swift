import Foundation
import Logging
import SextantCore
import SextantStorage
import Synchronization

/// The keys requests present, read from the store and kept for a few seconds so that the hot
/// paths do not read the store on every request; revoking here takes effect at once, on
/// another replica within ``freshness``. Also the keys that live in this process only (the
/// demo's traffic), and when each key was last used, written at most once a minute.
final class KeyDirectory: Sendable {
    /// How long a record read from the store is trusted.
    static let freshness: TimeInterval = 5
    /// How often a key's `lastUsedAt` is written.
    static let useInterval: TimeInterval = 60
    /// At most this many records are kept; past it the cache starts over.
    static let capacity = 10_000

    private struct State {
        var cached: [String: (record: APIKeyRecord, readAt: Date)] = [:]
        var processKeys: [String: APIKeyRecord] = [:]
        var usesRecorded: [String: Date] = [:]
    }

    let store: any APIKeyStore
    let clock: any WallClock
    private let logger: Logger
    private let state = Mutex(State())

    init(store: any APIKeyStore, clock: any WallClock, logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// The record of the key `id`: from this process's keys, the cache, or the store.
    func record(id: String) async throws -> APIKeyRecord? {
        let now = clock.now()
        let known: APIKeyRecord? = state.withLock { state in
            if let key = state.processKeys[id] { return key }
            guard let entry = state.cached[id], now.timeIntervalSince(entry.readAt) < Self.freshness else { return nil }
            return entry.record
        }
        if let known { return known }
        guard let record = try await store.key(id: id) else { return nil }
        state.withLock { state in
            if state.cached.count >= Self.capacity { state.cached.removeAll(keepingCapacity: true) }
            state.cached[id] = (record, now)
        }
        return record
    }

    /// Forgets what is cached of `id`, after it changed.
    func forget(id: String) {
        state.withLock { _ = $0.cached.removeValue(forKey: id) }
    }

    /// Adds a key that lives in this process only, never in the store.
    func addProcessKey(_ record: APIKeyRecord) {
        state.withLock { $0.processKeys[record.id] = record }
    }

    /// Notes that `record` was used now; writes `lastUsedAt` when it was last written more
    /// than ``useInterval`` ago. Written within the request (once a minute per key), so that no
    /// write outlives the server; a failure is logged and does not fail the request.
    func noteUse(of record: APIKeyRecord) async {
        let now = clock.now()
        let due = state.withLock { state -> Bool in
            guard state.processKeys[record.id] == nil else { return false }
            if let last = state.usesRecorded[record.id], now.timeIntervalSince(last) < Self.useInterval { return false }
            if state.usesRecorded.count >= Self.capacity { state.usesRecorded.removeAll(keepingCapacity: true) }
            state.usesRecorded[record.id] = now
            return true
        }
        guard due else { return }
        do {
            try await store.recordUse(ofKey: record.id, at: now)
        } catch {
            logger.warning("could not record a key's use", metadata: ["key": .string(record.id), "error": .string("\(error)")])
        }
    }
}
