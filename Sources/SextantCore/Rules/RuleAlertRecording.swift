import Foundation

/// Which of a rule group's alert states are written to the store after an evaluation: an
/// alert's state whenever its phase, times or labels change, and its figure (value, annotations,
/// when it was last sent) at least every ``refreshSeconds`` — not every evaluation, so that
/// thousands of alerts whose value moves do not rewrite their rows every 30 seconds. The store
/// serves a new leader taking over; one that finds a figure a few minutes old sets it at its
/// first evaluation, and may re-send a firing alert a little early, which receivers deduplicate.
public enum RuleAlertRecording {
    /// How often an alert's figure is written at the least while it changes.
    public static let refreshSeconds = SLOAlertRecording.refreshSeconds

    /// An alert's state as last written, and when.
    public struct Written: Sendable, Equatable {
        public var alert: RuleAlert
        public var at: Date

        public init(alert: RuleAlert, at: Date) {
            self.alert = alert
            self.at = at
        }
    }

    /// A group's states as written, by rule and fingerprint.
    public typealias WrittenStates = [String: [UInt64: Written]]

    /// What one save writes: states to write (by rule and fingerprint) and states to delete.
    public struct Changes: Sendable, Equatable {
        public var writes: [String: [UInt64: RuleAlert]] = [:]
        public var deletes: [String: Set<UInt64>] = [:]

        public init(writes: [String: [UInt64: RuleAlert]] = [:], deletes: [String: Set<UInt64>] = [:]) {
            self.writes = writes
            self.deletes = deletes
        }

        public var isEmpty: Bool { writes.isEmpty && deletes.isEmpty }
    }

    /// Whether `alert` is written at `now`, given what was last written of it (`nil`: nothing).
    public static func needsWriting(_ alert: RuleAlert, lastWritten: Written?, at now: Date) -> Bool {
        guard let lastWritten else { return true }
        let last = lastWritten.alert
        if alert.machine != last.machine || alert.activeAt != last.activeAt || alert.labels != last.labels { return true }
        // The time first: most evaluations come before the refresh, and need not compare the rest.
        return now.timeIntervalSince(lastWritten.at) >= refreshSeconds && alert != last
    }

    /// The changes that bring the `written` states of a group to its `alerts` at `now`: the
    /// alerts that need writing, and the written ones that are gone (with their rules).
    public static func changes(from written: WrittenStates, to alerts: [String: [UInt64: RuleAlert]], at now: Date) -> Changes {
        var changes = Changes()
        for (rule, byFingerprint) in alerts {
            let before = written[rule]
            for (fingerprint, alert) in byFingerprint where needsWriting(alert, lastWritten: before?[fingerprint], at: now) {
                changes.writes[rule, default: [:]][fingerprint] = alert
            }
        }
        for (rule, byFingerprint) in written {
            let after = alerts[rule]
            let gone = byFingerprint.keys.filter { after?[$0] == nil }
            if !gone.isEmpty { changes.deletes[rule] = Set(gone) }
        }
        return changes
    }

    /// The `written` states once `changes`, saved at `now`, are in the store.
    public static func applying(_ changes: Changes, to written: WrittenStates, at now: Date) -> WrittenStates {
        var result = written
        for (rule, fingerprints) in changes.deletes {
            for fingerprint in fingerprints { result[rule]?[fingerprint] = nil }
            if result[rule]?.isEmpty == true { result[rule] = nil }
        }
        for (rule, byFingerprint) in changes.writes {
            for (fingerprint, alert) in byFingerprint { result[rule, default: [:]][fingerprint] = Written(alert: alert, at: now) }
        }
        return result
    }

    /// States read from the store at `now`, as written then.
    public static func written(_ stored: [String: [UInt64: RuleAlert]], at now: Date) -> WrittenStates {
        stored.mapValues { $0.mapValues { Written(alert: $0, at: now) } }
    }
}
