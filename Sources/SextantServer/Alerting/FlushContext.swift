import SextantCore
import SextantStorage

/// What every flush of one tick reads once: what mutes alerts (silences, inhibition over the
/// alerts held when the tick began, and what the firing root causes explain) and the
/// notification log entries of the groups due.
struct FlushContext: Sendable {
    let muting: AlertMuting
    private let entries: [Key: NotificationLogEntry]

    private struct Key: Hashable {
        var groupKey: String
        var receiver: String
        var integration: String
    }

    init(muting: AlertMuting, logEntries: [NotificationLogEntry]) {
        self.muting = muting
        entries = Dictionary(logEntries.map { (Key(groupKey: $0.groupKey, receiver: $0.receiver, integration: $0.integration), $0) },
                             uniquingKeysWith: { _, last in last })
    }

    /// The last notification of a group through one integration of a receiver.
    func logEntry(groupKey: String, receiver: String, integration: String) -> NotificationLogEntry? {
        entries[Key(groupKey: groupKey, receiver: receiver, integration: integration)]
    }
}
