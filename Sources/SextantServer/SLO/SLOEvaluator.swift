import Foundation
import Logging
import SextantCore
import SextantStorage
import Synchronization

/// Evaluates every objective: keeps each one's event series in memory (a full read the first
/// time, then only the newest minutes), computes its status, advances its alert conditions and
/// records their transitions. Run by the scheduler on the leader.
final class SLOEvaluator: Sendable {
    private struct Entry: Sendable {
        var definition: ServiceLevelObjective
        var series: EventSeries
        var status: SLOStatus
        var recentLatency: LatencyHistogram?
        /// The conditions firing after the last cycle.
        var firing: [(name: String, severity: SLOAlertCondition.Severity, value: Double?)] = []
    }

    private struct State: Sendable {
        var entries: [String: Entry] = [:]
        var violations: [String: Int] = [:]
    }

    /// How far back each incremental read starts before the newest bucket held: recent minutes
    /// may still be filling.
    static let rereadSeconds: Int64 = 300

    let store: any SLOStore
    let source: SLOSeriesSource
    let clock: any WallClock
    let logger: Logger
    private let state = Mutex(State())

    init(store: any SLOStore, source: SLOSeriesSource, clock: any WallClock, logger: Logger) {
        self.store = store
        self.source = source
        self.clock = clock
        self.logger = logger
    }

    /// The latest statuses, by objective id, with the recent latency and breach count.
    var snapshot: [(slo: ServiceLevelObjective, status: SLOStatus, recentLatency: LatencyHistogram?, violations: Int)] {
        state.withLock { state in
            state.entries.values.sorted { $0.definition.id < $1.definition.id }.map {
                ($0.definition, $0.status, $0.recentLatency, state.violations[$0.definition.id] ?? 0)
            }
        }
    }

    /// The latest statuses with their firing conditions, for alerting rules.
    var objectives: [RuleSampleSource.SLOSnapshot] {
        state.withLock { state in
            state.entries.values.map { RuleSampleSource.SLOSnapshot(slo: $0.definition, status: $0.status, firing: $0.firing) }
        }
    }

    /// One evaluation cycle at the clock's time; answers a summary for the job's record.
    func evaluate() async throws -> String {
        let now = clock.now()
        // Every objective reads the rollups as they are now, folded once.
        let source = try await source.folded()
        let slos = try await store.list().map(\.slo)
        var machines: [String: [String: AlertStateMachine]] = [:]
        for record in try await store.alertStates(of: nil) { machines[record.sloID, default: [:]][record.condition] = record.machine }
        let known = state.withLock { $0.entries }
        var entries: [String: Entry] = [:]
        var transitions: [SLOAlertRecord] = []
        var failures: [String] = []
        var firing = 0
        let to = Int64(now.timeIntervalSince1970) + 1
        for slo in slos {
            do {
                let from = SLOSeriesSource.earliestNeeded(for: slo, at: now)
                var series: EventSeries
                let recentLatency: LatencyHistogram?
                if let cached = known[slo.id], cached.definition == slo, let last = cached.series.lastStart {
                    let rereadFrom = max(from, last - Self.rereadSeconds)
                    let read = try await source.read(slo, from: rereadFrom, to: to)
                    series = cached.series
                    series.replace(from: rereadFrom, with: read.buckets)
                    series.drop(before: from)
                    recentLatency = read.recentLatency
                } else {
                    let read = try await source.read(slo, from: from, to: to)
                    series = EventSeries(read.buckets)
                    recentLatency = read.recentLatency
                }
                var entry = Entry(definition: slo, series: series, status: SLOCalculator.status(of: slo, series: series, at: now),
                                  recentLatency: recentLatency)
                for result in entry.status.conditions {
                    let recorded = machines[slo.id]?[result.condition.name]
                    var machine = recorded ?? AlertStateMachine()
                    let transition = machine.evaluate(isActive: result.isActive, at: now, pendingFor: slo.alerting.pendingForSeconds)
                    if machine.phase == .firing {
                        firing += 1
                        entry.firing.append((result.condition.name, result.condition.severity, result.value))
                    }
                    if transition != .none || recorded == nil || machine.phase != .inactive {
                        transitions.append(SLOAlertRecord(
                            sloID: slo.id, condition: result.condition.name, severity: result.condition.severity, machine: machine,
                            value: result.value, evaluatedAt: now
                        ))
                    }
                    if transition == .fired {
                        logger.warning("SLO alert firing", metadata: [
                            "slo.id": "\(slo.id)", "slo.condition": "\(result.condition.name)", "slo.value": "\(result.value ?? 0)",
                        ])
                    }
                }
                entries[slo.id] = entry
            } catch {
                failures.append("\(slo.id): \(error)")
                if let cached = known[slo.id], cached.definition == slo { entries[slo.id] = cached }
            }
        }
        try await store.saveAlertStates(transitions)
        state.withLock { state in
            for (id, entry) in entries where entry.status.state == .breached && state.entries[id]?.status.state != .breached {
                state.violations[id, default: 0] += 1
            }
            state.entries = entries
            state.violations = state.violations.filter { entries[$0.key] != nil }
        }
        let summary = "evaluated \(entries.count) of \(slos.count) objective\(slos.count == 1 ? "" : "s"); \(firing) alert\(firing == 1 ? "" : "s") firing"
        guard failures.isEmpty else {
            throw SLOEvaluationError(summary: summary, failures: failures)
        }
        return summary
    }
}
