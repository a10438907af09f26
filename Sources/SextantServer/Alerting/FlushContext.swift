import Foundation
import SextantCore
import SextantStorage

/// What every flush of one tick reads once: what mutes alerts (silences, inhibition over the
/// alerts held when the tick began, and what the firing root causes explain) and the
/// notification log entries of the groups due.
struct FlushContext: Sendable {
    /// Releases of late and the graph that relates them to an alert's service.
    struct Changes: Sendable {
        var changes: [Change]
        var graph: DependencyGraph
        var since: Date

        /// The changes relevant to `alert`'s service (its `service` label, or `component`).
        func related(to alert: Alert) -> [RelatedChange] {
            guard let service = alert.labels["service"] ?? alert.labels["component"] else { return [] }
            return WhatChanged.related(to: service, in: graph, changes: changes, since: since)
        }
    }

    /// The annotation that lists what changed.
    static let changesAnnotation = "changes"

    let muting: AlertMuting
    let changes: Changes?
    private let entries: [Key: NotificationLogEntry]

    private struct Key: Hashable {
        var groupKey: String
        var receiver: String
        var integration: String
    }

    init(muting: AlertMuting, logEntries: [NotificationLogEntry], changes: Changes? = nil) {
        self.muting = muting
        self.changes = changes
        entries = Dictionary(logEntries.map { (Key(groupKey: $0.groupKey, receiver: $0.receiver, integration: $0.integration), $0) },
                             uniquingKeysWith: { _, last in last })
    }

    /// The last notification of a group through one integration of a receiver.
    func logEntry(groupKey: String, receiver: String, integration: String) -> NotificationLogEntry? {
        entries[Key(groupKey: groupKey, receiver: receiver, integration: integration)]
    }

    /// `alert` with the releases of its service and of what that needs (within the look-back)
    /// in its `changes` annotation; as it is when there are none.
    func annotated(_ alert: Alert, at now: Date) -> Alert {
        guard let related = changes?.related(to: alert), !related.isEmpty else { return alert }
        var annotated = alert
        annotated.annotations[Self.changesAnnotation] = WhatChanged.summary(related, at: now)
        return annotated
    }
}
