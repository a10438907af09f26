import Foundation
import SextantCore
import SextantStorage
import Synchronization

/// Picks up, about every second, the alerts other replicas received (only when replicas share
/// the store).
final class ReplicaSync: Sendable {
    /// How far back each sync looks, so that a write committed late by another replica (or
    /// stamped by a clock a little behind) is still picked up.
    static let overlap: TimeInterval = 10

    let held: HeldAlerts
    let store: any AlertingStore
    let writer: String
    private let lastSync = Mutex(Date.distantPast)

    init(held: HeldAlerts, store: any AlertingStore, writer: String) {
        self.held = held
        self.store = store
        self.writer = writer
    }

    /// The alerts were loaded at `now`.
    func loaded(at now: Date) { lastSync.withLock { $0 = now } }

    /// The next sync looks back to the beginning, for anything another replica wrote that
    /// this one missed (on taking the lead).
    func lookBackToTheBeginning() { lastSync.withLock { $0 = .distantPast } }

    func syncIfDue(at now: Date) async throws {
        guard let since = lastSync.withLock({ last -> Date? in
            guard now.timeIntervalSince(last) >= 1 else { return nil }
            defer { last = now }
            return last.addingTimeInterval(-Self.overlap)
        }) else { return }
        let stale = held.stale(try await store.alertStamps(updatedSince: since, notWrittenBy: writer))
        guard !stale.isEmpty else { return }
        held.takeNewer(try await store.alerts(fingerprints: stale), at: now)
    }
}
