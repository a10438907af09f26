import Foundation
import SextantCore
import Synchronization

/// The alerts this replica holds and, on the leader, the router's aggregation groups: what
/// intake, replica sync, flushes, retention and the listings share. Memory only: whoever
/// changes it has written the store first.
final class HeldAlerts: Sendable {
    private struct State: Sendable {
        var loaded = false
        /// Every alert held, by fingerprint.
        var alerts: [UInt64: Alert] = [:]
        var dispatcher: AlertDispatcher
        /// The groups whose flush is under way.
        var flushing: Set<String> = []
        /// Whether this replica notifies; a follower only keeps its alerts current.
        var isLeading = true
    }

    let routing: RoutingConfiguration
    private let state: Mutex<State>

    init(routing: RoutingConfiguration) {
        self.routing = routing
        state = Mutex(State(dispatcher: AlertDispatcher(configuration: routing)))
    }

    var isLoaded: Bool { state.withLock { $0.loaded } }
    var isLeading: Bool { state.withLock { $0.isLeading } }
    var all: [Alert] { state.withLock { Array($0.alerts.values) } }

    /// The alerts held that `include` picks, chosen under the lock without copying the rest.
    func alerts(where include: (Alert) -> Bool) -> [Alert] {
        state.withLock { state in state.alerts.values.filter(include) }
    }

    /// Takes the alerts read from the store at start, routing each; false when another caller
    /// loaded first.
    func load(_ alerts: [Alert], at now: Date) -> Bool {
        state.withLock { state in
            guard !state.loaded else { return false }
            for alert in alerts {
                state.alerts[alert.fingerprint] = alert
                state.dispatcher.receive(alert, at: now)
            }
            state.loaded = true
            return true
        }
    }

    /// Becomes the leader (the router is rebuilt from the alerts held) or a follower (which
    /// routes nothing). True when this replica took over with its alerts loaded.
    func setLeading(_ leads: Bool, at now: Date) -> Bool {
        state.withLock { state in
            guard state.isLeading != leads else { return false }
            state.isLeading = leads
            state.dispatcher = AlertDispatcher(configuration: routing)
            guard leads, state.loaded else { return false }
            // The notification log keeps receivers from hearing them twice.
            for alert in state.alerts.values { state.dispatcher.receive(alert, at: now) }
            return true
        }
    }

    // MARK: Intake

    /// Merges `alerts` with the alerts of their fingerprints held (as Alertmanager merges
    /// repeated alerts), refusing new ones beyond ``Limits/alertsHeld``.
    func admit(_ alerts: [Alert]) -> (merged: [Alert], leading: Bool, refused: Int) {
        state.withLock { state in
            var batch: [UInt64: Alert] = [:]
            var room = Limits.alertsHeld - state.alerts.count
            var refused = 0
            let merged = alerts.compactMap { alert -> Alert? in
                let old = batch[alert.fingerprint] ?? state.alerts[alert.fingerprint]
                if old == nil {
                    guard room > 0 else { refused += 1; return nil }
                    room -= 1
                }
                var result = alert
                if let old, old.overlaps(alert) { result = old.merged(with: alert) }
                batch[alert.fingerprint] = result
                return result
            }
            return (merged, state.isLeading, refused)
        }
    }

    /// Holds alerts that were stored, routing them on the leader (by their `placements`, when
    /// worked out beforehand). A newer copy held meanwhile stays.
    func keep(_ alerts: [Alert], placements: [[AlertDispatcher.Placement]], at now: Date) {
        state.withLock { state in
            for (index, alert) in alerts.enumerated() {
                if let held = state.alerts[alert.fingerprint], held.updatedAt > alert.updatedAt { continue }
                state.alerts[alert.fingerprint] = alert
                guard state.isLeading else { continue }
                // Routed here when this replica took the lead meanwhile.
                if placements.isEmpty { state.dispatcher.receive(alert, at: now) } else { state.dispatcher.receive(alert, at: placements[index], now: now) }
            }
        }
    }

    /// Of the stamps another replica wrote, the fingerprints of those newer than what is held.
    func stale(_ stamps: [(fingerprint: String, updatedAt: Date)]) -> [String] {
        state.withLock { state in
            stamps.filter { stamp in
                guard let fingerprint = UInt64(stamp.fingerprint, radix: 16), let held = state.alerts[fingerprint] else { return true }
                // Stored times keep milliseconds.
                return (held.updatedAt.timeIntervalSince1970 * 1000).rounded(.down) < (stamp.updatedAt.timeIntervalSince1970 * 1000).rounded(.down)
            }.map(\.fingerprint)
        }
    }

    /// Holds the copies another replica wrote that are newer than what is held.
    func takeNewer(_ alerts: [Alert], at now: Date) {
        state.withLock { state in
            for alert in alerts where state.alerts[alert.fingerprint].map({ $0.updatedAt < alert.updatedAt }) ?? true {
                state.alerts[alert.fingerprint] = alert
                if state.isLeading { state.dispatcher.receive(alert, at: now) }
            }
        }
    }

    /// Drops the alerts that ended before `cutoff`.
    func drop(endedBefore cutoff: Date) {
        state.withLock { state in state.alerts = state.alerts.filter { $0.value.endsAt > cutoff } }
    }

    // MARK: Flushes

    /// The groups due at `now` whose flush is not under way; they are marked as flushing.
    func beginDueFlushes(at now: Date) -> [String] {
        state.withLock { state in
            let due = state.dispatcher.due(at: now).filter { !state.flushing.contains($0) }
            state.flushing.formUnion(due)
            return due
        }
    }

    func groupKeys(of ids: [String]) -> [String] {
        state.withLock { state in ids.compactMap { state.dispatcher.groups[$0]?.groupKey } }
    }

    /// The group and the alerts one flush sends; nil (and no longer flushing) when the group
    /// is gone.
    func beginFlush(_ id: String, at now: Date) -> (group: AggregationGroup, alerts: [Alert])? {
        state.withLock { state in
            guard let flush = state.dispatcher.beginFlush(id, at: now) else {
                state.flushing.remove(id)
                return nil
            }
            return flush
        }
    }

    func finishFlush(_ id: String, notified: [Alert], succeeded: Bool, at now: Date) {
        state.withLock { state in
            state.dispatcher.finishFlush(id, notified: notified, succeeded: succeeded, at: now)
            state.flushing.remove(id)
        }
    }

    /// The router's groups, by group key.
    var groups: [AggregationGroup] {
        state.withLock { $0.dispatcher.groups.values.sorted { $0.groupKey < $1.groupKey } }
    }
}
