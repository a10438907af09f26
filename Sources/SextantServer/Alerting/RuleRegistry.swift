import Foundation
import SextantCore
import SextantStorage
import Synchronization

/// The rule groups of the files and the API, when each is due, and the alerts and health of
/// their rules between evaluations.
final class RuleRegistry: Sendable {
    /// Where a rule group was defined.
    enum Origin: Sendable, Equatable {
        case builtIn
        case file(String)
        case api
    }

    struct LoadedGroup: Sendable {
        var group: RuleGroup
        var origin: Origin
        var nextEvaluation: Date?
        var lastEvaluation: Date?
        var lastDuration: Double = 0
        var health: [String: RuleGroupEvaluation.Health] = [:]
    }

    private struct State: Sendable {
        var installed = false
        var groups: [String: LoadedGroup] = [:]
        var ruleAlerts: [String: [String: [UInt64: RuleAlert]]] = [:]
        /// Each group's alert states as the store holds them (this replica wrote or read them).
        var written: [String: RuleAlertRecording.WrittenStates] = [:]
        var evaluating: Set<String> = []
        var lastGroupReload: Date = .distantPast
        /// Whether the groups and states must be read again: the previous leader evaluated
        /// the rules.
        var stale = false
    }

    /// How often groups created or deleted through another replica's API are picked up.
    static let reloadInterval: TimeInterval = 10

    let fileGroups: [(group: RuleGroup, origin: Origin)]
    private let state = Mutex(State())

    init(fileGroups: [(group: RuleGroup, origin: Origin)]) {
        self.fileGroups = fileGroups
    }

    /// Installs the file groups, the API groups and the rules' alert states read from the
    /// store; only once, unless `again`.
    func install(apiGroups: [StoredRuleGroup], ruleAlerts: [String: [String: [UInt64: RuleAlert]]], at now: Date, again: Bool = false) {
        state.withLock { state in
            guard again || !state.installed else { return }
            state.groups = [:]
            for (group, origin) in fileGroups { state.groups[group.name] = LoadedGroup(group: group, origin: origin) }
            for stored in apiGroups where state.groups[stored.group.name] == nil {
                state.groups[stored.group.name] = LoadedGroup(group: stored.group, origin: .api)
            }
            state.ruleAlerts = ruleAlerts
            state.written = ruleAlerts.mapValues { RuleAlertRecording.written($0, at: now) }
            state.lastGroupReload = now
            state.installed = true
            state.stale = false
        }
    }

    /// The groups and states must be read again before the next evaluation.
    func markStale() { state.withLock { $0.stale = true } }
    var isStale: Bool { state.withLock { $0.stale } }

    /// Whether the API groups are due to be read again.
    func needsAPIGroupReload(at now: Date) -> Bool {
        state.withLock { now.timeIntervalSince($0.lastGroupReload) >= Self.reloadInterval }
    }

    /// Takes the API groups another replica may have created, changed or deleted.
    func reloadAPIGroups(_ stored: [StoredRuleGroup], at now: Date) {
        state.withLock { state in
            state.lastGroupReload = now
            let names = Set(stored.map(\.group.name))
            for (name, loaded) in state.groups where loaded.origin == .api && !names.contains(name) { state.groups[name] = nil }
            for entry in stored where state.groups[entry.group.name].map({ $0.origin == .api && $0.group != entry.group }) ?? true {
                state.groups[entry.group.name] = LoadedGroup(group: entry.group, origin: .api)
            }
        }
    }

    // MARK: Evaluation

    /// The groups due at `now` that are not being evaluated, by name, with their alerts and
    /// the states the store holds of them; each is marked as being evaluated and due again an
    /// interval later.
    func beginDueEvaluations(at now: Date)
        -> [(group: RuleGroup, previous: [String: [UInt64: RuleAlert]], written: RuleAlertRecording.WrittenStates)] {
        state.withLock { state in
            let due = state.groups.values.filter { ($0.nextEvaluation ?? .distantPast) <= now && !state.evaluating.contains($0.group.name) }
                .map(\.group).sorted { $0.name < $1.name }
            for group in due {
                state.evaluating.insert(group.name)
                state.groups[group.name]?.nextEvaluation = now.addingTimeInterval(group.interval)
            }
            return due.map { ($0, state.ruleAlerts[$0.name] ?? [:], state.written[$0.name] ?? [:]) }
        }
    }

    /// Keeps what an evaluation of `name` at `now` decided, and the states it `saved` (`nil`:
    /// the save failed, and the next one writes them again).
    func finishEvaluation(of name: String, _ evaluation: RuleGroupEvaluation, saved: RuleAlertRecording.Changes?, at now: Date, seconds: Double) {
        state.withLock { state in
            state.evaluating.remove(name)
            // A group deleted meanwhile stays deleted.
            guard state.groups[name] != nil else { return }
            state.ruleAlerts[name] = evaluation.alerts
            if let saved { state.written[name] = RuleAlertRecording.applying(saved, to: state.written[name] ?? [:], at: now) }
            state.groups[name]?.lastEvaluation = now
            state.groups[name]?.lastDuration = seconds
            state.groups[name]?.health = evaluation.health
        }
    }

    // MARK: The API's view

    /// The rule groups with their rules' states, by name.
    var ruleGroups: [(loaded: LoadedGroup, alerts: [String: [UInt64: RuleAlert]])] {
        state.withLock { state in
            state.groups.values.sorted { $0.group.name < $1.group.name }.map { ($0, state.ruleAlerts[$0.group.name] ?? [:]) }
        }
    }

    /// The rule alerts whose `for` has not yet run out.
    var pendingAlerts: [RuleAlert] {
        state.withLock { state in
            state.ruleAlerts.values.flatMap { rules in rules.values.flatMap { alerts in alerts.values.filter { $0.phase == .pending } } }
        }
    }

    func origin(ofGroup name: String) -> Origin? {
        state.withLock { $0.groups[name]?.origin }
    }

    /// Takes a group made or replaced through the API; it is evaluated at the next tick.
    func adopt(_ group: RuleGroup) {
        state.withLock { state in
            let previous = state.groups[group.name]
            var loaded = LoadedGroup(group: group, origin: .api)
            loaded.lastEvaluation = previous?.lastEvaluation
            state.groups[group.name] = loaded
            let names = Set(group.rules.map(\.name))
            state.ruleAlerts[group.name] = state.ruleAlerts[group.name]?.filter { names.contains($0.key) }
        }
    }

    /// Forgets a group deleted through the API.
    func forget(group name: String) {
        state.withLock { state in
            state.groups[name] = nil
            state.ruleAlerts[name] = nil
            state.written[name] = nil
        }
    }
}
