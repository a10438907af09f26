import Foundation
import Logging
import SextantCore
import SextantStorage
import Synchronization

/// Runs the retention pass ``AlertRetention`` says is due: every replica drops what ended
/// from memory, the leader deletes it from the store.
final class AlertMaintenance: Sendable {
    let held: HeldAlerts
    let store: any AlertingStore
    let logger: Logger
    private let retention = Mutex(AlertRetention())

    init(held: HeldAlerts, store: any AlertingStore, logger: Logger) {
        self.held = held
        self.store = store
        self.logger = logger
    }

    func runIfDue(at now: Date) async {
        let leading = held.isLeading
        guard let pass = retention.withLock({ $0.pass(at: now, leading: leading) }) else { return }
        held.drop(endedBefore: pass.dropsAlertsEndedBefore)
        guard let deletes = pass.deletes else { return }
        do {
            _ = try await store.deleteAlerts(endedBefore: deletes.alertsEndedBefore)
            _ = try await store.deleteSilences(endedBefore: deletes.silencesEndedBefore)
            try await store.pruneNotifications(before: deletes.notificationsBefore)
        } catch {
            logger.warning("alerting maintenance failed", metadata: ["error": "\(error)"])
        }
    }
}
