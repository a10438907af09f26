import SextantCore
import SextantStorage

/// What every flush of one tick reads once: the silences, the notification log entries of the
/// groups due, and what the firing root causes explain.
struct FlushContext: Sendable {
    var silences: [Silence]
    var explained: GraphInhibition
    private var entries: [Key: NotificationLogEntry] = [:]

    private struct Key: Hashable {
        var groupKey: String
        var receiver: String
        var integration: String
    }

    init(silences: [Silence], logEntries: [NotificationLogEntry], explained: GraphInhibition) {
        self.silences = silences
        self.explained = explained
        for entry in logEntries { entries[Key(groupKey: entry.groupKey, receiver: entry.receiver, integration: entry.integration)] = entry }
    }

    /// The last notification of a group through one integration of a receiver.
    func logEntry(groupKey: String, receiver: String, integration: String) -> NotificationLogEntry? {
        entries[Key(groupKey: groupKey, receiver: receiver, integration: integration)]
    }
}
