import Foundation
import Logging
import SextantCore
import SextantStorage

/// Flushes the router's groups that are due: reads once what their flushes share, lets
/// ``NotificationPipeline`` decide each, then delivers and records what it decided.
struct NotificationFlusher: Sendable {
    let held: HeldAlerts
    let rootCauses: RootCauses
    let store: any AlertingStore
    let sender: NotificationSender
    let externalURL: String
    /// Releases under way or finished since a time, for the alerts' `changes` annotation.
    let recentChanges: @Sendable (Date) async throws -> [Change]
    let changesLookBack: TimeInterval
    let clock: any WallClock
    let logger: Logger

    var routing: RoutingConfiguration { held.routing }

    /// Starts the flushes of the groups due at `now` in `flushes`.
    func flushDueGroups(at now: Date, in flushes: inout DiscardingTaskGroup) async {
        let due = held.beginDueFlushes(at: now)
        guard !due.isEmpty else { return }
        let context = await context(for: due, at: now)
        for id in due { flushes.addTask { await flush(id, in: context) } }
    }

    /// Reads what the flushes of one tick share; nil when the store cannot be read, and then
    /// the flushes fail and are retried.
    private func context(for ids: [String], at now: Date) async -> FlushContext? {
        do {
            let silences = try await store.silences()
            let entries = try await store.logEntries(groupKeys: held.groupKeys(of: ids))
            let explained = await rootCauses.explained(at: now)
            // Copied under the lock, indexed outside it, so that intake does not wait for the index.
            let alerts = routing.inhibitRules.isEmpty ? [] : held.all
            return FlushContext(muting: AlertMuting(routing: routing, silences: silences, explained: explained, alerts: alerts, at: now),
                                logEntries: entries, changes: await changes(at: now))
        } catch {
            logger.error("cannot read silences and the notification log", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// What changed lately, with the graph that says what each service needs; nothing when
    /// either cannot be read (a notification is never held up for it).
    func changes(at now: Date) async -> FlushContext.Changes? {
        let since = now.addingTimeInterval(-changesLookBack)
        do {
            let changes = try await recentChanges(since)
            guard !changes.isEmpty, let graph = await rootCauses.graph(at: now) else { return nil }
            return FlushContext.Changes(changes: changes, graph: graph, since: since)
        } catch {
            logger.warning("cannot read recent changes for notifications", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func flush(_ id: String, in context: FlushContext?) async {
        let now = clock.now()
        guard let (group, alerts) = held.beginFlush(id, at: now) else { return }
        var succeeded = false
        if let context {
            do {
                succeeded = try await perform(NotificationPipeline.actions(
                    flushing: group, alerts: alerts.map { context.annotated($0, at: now) }, routing: routing, muting: context.muting, externalURL: externalURL, at: now
                ) { integration in
                    context.logEntry(groupKey: group.groupKey, receiver: group.route.receiver, integration: integration)
                }, for: group)
            } catch {
                logger.error("notification pipeline failed", metadata: ["group": "\(group.groupKey)", "error": "\(error)"])
            }
        }
        held.finishFlush(id, notified: alerts, succeeded: succeeded, at: now)
    }

    /// Delivers and records what the pipeline decided; false when a delivery failed.
    private func perform(_ actions: [NotificationPipeline.Action], for group: AggregationGroup) async throws -> Bool {
        var succeeded = true
        for action in actions {
            let delivery = action.delivery
            let notification = delivery.notification
            let integration = delivery.integration
            let summaries = notification.alerts.map {
                NotificationRecord.AlertSummary(fingerprint: $0.labels.fingerprintText, alertname: $0.name,
                                                status: $0.isResolved(at: notification.at) ? "resolved" : "firing", labels: $0.labels)
            }
            func record(outcome: String, attempts: Int, error: String?, logged: Bool) async throws {
                try await store.recordNotification(NotificationRecord(
                    sentAt: notification.at, receiver: notification.receiver, integration: integration.name, groupKey: group.groupKey,
                    status: notification.status, reason: delivery.reason, outcome: outcome, attempts: attempts, error: error, alerts: summaries),
                    entry: logged ? delivery.entry : nil)
            }
            guard case .deliver = action else {
                try await record(outcome: "recorded", attempts: 0, error: nil, logged: true)
                continue
            }
            let sent = await sender.deliver(notification, through: integration, groupInterval: group.route.groupInterval)
            let outcome = sent.succeeded ? "sent" : "failed"
            sender.count(receiver: notification.receiver, integration: integration.typeName, outcome: outcome)
            try await record(outcome: outcome, attempts: sent.attempts, error: sent.error, logged: sent.succeeded)
            logger.info("notification \(outcome)", metadata: [
                "receiver": "\(notification.receiver)", "integration": "\(integration.name)", "group": "\(group.groupKey)",
                "reason": "\(delivery.reason.rawValue)", "alerts": "\(notification.alerts.count)",
            ])
            if !sent.succeeded { succeeded = false }
        }
        return succeeded
    }
}
