import SextantCore
import SextantStorage

/// What every flush of one tick reads once: the silences, the notification log entries of the
/// groups due, and what the firing root causes explain.
struct FlushContext: Sendable {
    let silences: [Silence]
    let explained: GraphInhibition
    /// The inhibition rules over the alerts held when the tick began, prepared once for all
    /// its flushes.
    let inhibitor: Inhibitor
    private let entries: [Key: NotificationLogEntry]

    private struct Key: Hashable {
        var groupKey: String
        var receiver: String
        var integration: String
    }

    init(silences: [Silence], logEntries: [NotificationLogEntry], explained: GraphInhibition, inhibitor: Inhibitor) {
        self.silences = silences
        self.explained = explained
        self.inhibitor = inhibitor
        entries = Dictionary(logEntries.map { (Key(groupKey: $0.groupKey, receiver: $0.receiver, integration: $0.integration), $0) },
                             uniquingKeysWith: { _, last in last })
    }

    /// The last notification of a group through one integration of a receiver.
    func logEntry(groupKey: String, receiver: String, integration: String) -> NotificationLogEntry? {
        entries[Key(groupKey: groupKey, receiver: receiver, integration: integration)]
    }
}
