import Foundation
import Logging
import SextantCore
import SextantStorage
import Synchronization

/// Evaluates every objective: keeps the event series of each indicator in memory (a full read
/// the first time, then only the newest minutes; whole hours but where a window starts, read as
/// hours already, and once an hour the hours the windows' starts move into read as minutes),
/// computes each objective's status from its indicator's series, advances its alert conditions
/// and records their transitions. Objectives of one service with the same indicator (targets,
/// windows or alerting apart) share one series, and the indicators reading the same rollups of a
/// service share one read. Run by the scheduler on the leader.
final class SLOEvaluator: Sendable {
    private struct Entry: Sendable {
        var definition: ServiceLevelObjective
        var status: SLOStatus
        var recentLatency: LatencyHistogram?
        /// The conditions firing after the last cycle.
        var firing: [(name: String, severity: SLOAlertCondition.Severity, value: Double?)] = []
    }

    /// What objectives with the same events share.
    private struct SeriesKey: Hashable, Sendable {
        var service: String
        var indicator: SLOIndicator
    }

    /// What objectives read together: the rollups of one selector of a service, or one
    /// Prometheus ratio.
    private struct ReadKey: Hashable, Sendable {
        var service: String
        var selector: RollupSelector?
        var prometheus: SLOIndicator?

        init(_ key: SeriesKey) {
            service = key.service
            selector = key.indicator.selector
            prometheus = key.indicator.selector == nil ? key.indicator : nil
        }
    }

    /// One series' part in a cycle: the objectives on it, what they need, and the series held.
    private struct Plan: Sendable {
        var key: SeriesKey
        var members: [ServiceLevelObjective]
        var from: Int64
        /// Whether the series is readied for the next hour in this cycle (its minute of the hour
        /// has come).
        var readies: Bool
        var held: HeldSeries?
    }

    /// An indicator's events as last read, from `from` on.
    private struct HeldSeries: Sendable {
        var series: EventSeries
        var from: Int64
        var recentLatency: LatencyHistogram?
        /// The hour it was last readied in: its minutes are where its windows start until an
        /// hour after that.
        var readied: Int64
    }

    /// The alert states as this evaluator last saved them, and the store's revision then.
    private struct HeldMachines: Sendable {
        var byObjective: [String: [String: SLOAlertRecord]]
        var revision: SLOAlertStatesRevision
        var readAt: ContinuousClock.Instant
    }

    private struct State: Sendable {
        var entries: [String: Entry] = [:]
        var violations: [String: Int] = [:]
    }

    /// How far back each incremental read starts before the newest bucket held: recent minutes
    /// may still be filling.
    static let rereadSeconds: Int64 = 300
    /// Whole reads made at once: as many as the embedded database has readers.
    static let concurrentWholeReads = 2
    /// Incremental reads starting no earlier than this before now are made together (every
    /// service's rows since the earliest of them in one statement); a service idle for longer is
    /// read alone, so that it does not widen the joint read.
    static let recentReadSeconds: Int64 = 600

    let store: any SLOStore
    let source: SLOSeriesSource
    let clock: any WallClock
    let logger: Logger
    /// How long the rollups keep minutes, which says where a window's start has them.
    let minuteRetention: Int64
    private let state = Mutex(State())
    /// The series, apart from the statuses that readers copy: a cycle takes them out and
    /// changes them in place (a copy of a 30-day series per objective per cycle would cost more
    /// than the evaluation).
    private let held = Mutex<[SeriesKey: HeldSeries]>([:])
    private let heldMachines = Mutex<HeldMachines?>(nil)
    /// How long alert states are taken from memory before they are read from the store again,
    /// whatever its revision says.
    static let machinesRereadAfter = Duration.seconds(600)

    init(store: any SLOStore, source: SLOSeriesSource, clock: any WallClock, minuteRetention: Int64 = RollupRetention().minuteRetention,
         logger: Logger) {
        self.store = store
        self.source = source
        self.clock = clock
        self.minuteRetention = minuteRetention
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
        let started = ContinuousClock.now
        var reading = Duration.zero
        // Every objective reads the rollups as they are now, folded once.
        let source = try await source.folded()
        let slos = try await store.list().map(\.slo)
        var (machines, machinesRead) = try await storedMachines()
        let known = state.withLock { $0.entries }
        var previous = held.withLock { held in
            let taken = held
            held = [:]
            return taken
        }
        var kept: [SeriesKey: HeldSeries] = [:]
        // A cycle cut short (its job timed out) keeps what it read, so that the next one goes on
        // from there instead of reading everything again.
        var finished = false
        defer {
            let keep = finished ? kept : kept.merging(previous) { read, _ in read }
            held.withLock { $0 = keep }
        }
        var entries: [String: Entry] = [:]
        var writes: [SLOAlertRecord] = []
        var failures: [String] = []
        var firing = 0
        var conditions = SLOConditionCache()
        let nowSeconds = Int64(now.timeIntervalSince1970)
        let to = nowSeconds + 1
        let grouped = Dictionary(grouping: slos) { SeriesKey(service: $0.service, indicator: $0.indicator) }
        var groups = Dictionary(grouping: grouped.keys, by: ReadKey.init).values.map { keys in
            keys.map { key in
                let members = grouped[key]!
                return Plan(
                    key: key, members: members, from: members.map { SLOSeriesSource.earliestNeeded(for: $0, at: now) }.min()!,
                    readies: SLOResolution.readies(phase: abs(key.hashValue % 60), at: nowSeconds), held: previous.removeValue(forKey: key)
                )
            }
        }
        let readStarted = ContinuousClock.now
        // Groups whose series are held up to the last minutes are read again together, many
        // services a statement; the others one by one.
        let recent = groups.indices.compactMap { index in
            Self.rereadStart(groups[index]).flatMap { $0 >= nowSeconds - Self.recentReadSeconds ? (index, $0) : nil }
        }
        var refreshed: [Int: Result<[HeldSeries], any Error>] = [:]
        do {
            let reads = try await source.readRecent(recent.map { index, from in
                SLOSeriesSource.RecentRead(service: groups[index][0].key.service, indicators: groups[index].map(\.key.indicator), from: from)
            }, to: to)
            for ((index, from), read) in zip(recent, reads) {
                refreshed[index] = .success(Self.reread(&groups[index], from: from, reads: read))
            }
        } catch {
            for (index, _) in recent { refreshed[index] = .failure(error) }
        }
        // Series held but idle for longer are read again alone.
        for index in groups.indices where refreshed[index] == nil {
            guard let from = Self.rereadStart(groups[index]) else { continue }
            do {
                let reads = try await source.read(groups[index].map(\.key.indicator), of: groups[index][0].key.service, from: from, to: to)
                refreshed[index] = .success(Self.reread(&groups[index], from: from, reads: reads))
            } catch {
                refreshed[index] = .failure(error)
            }
        }
        // Whole reads (a first cycle reads every series) go on side by side, one a reader, so that
        // one is decoded while the database steps through the next.
        let wholeReads = groups.indices.filter { refreshed[$0] == nil }
        let wholes = await withTaskGroup(of: (Int, Result<[HeldSeries], any Error>).self) { tasks in
            let read = { @Sendable [groups] (index: Int) async -> (Int, Result<[HeldSeries], any Error>) in
                do {
                    return (index, .success(try await self.readWhole(groups[index], at: nowSeconds, to: to, from: source)))
                } catch {
                    return (index, .failure(error))
                }
            }
            var results: [(Int, Result<[HeldSeries], any Error>)] = []
            var pending = wholeReads.makeIterator()
            for _ in 0..<Self.concurrentWholeReads {
                if let index = pending.next() { tasks.addTask { await read(index) } }
            }
            while let result = await tasks.next() {
                results.append(result)
                if let index = pending.next() { tasks.addTask { await read(index) } }
            }
            return results
        }
        for (index, result) in wholes { refreshed[index] = result }
        // The last five minutes' latency of the operation series read whole, for them all in
        // one statement rather than one more a service.
        let latencies = wholeReads.filter { index in
            guard case .success = refreshed[index] else { return false }
            return SLOSeriesSource.readsOperations(groups[index][0].key.indicator)
        }
        do {
            let from = SLOSeriesSource.recentFrom(to: to)
            let reads = try await source.readRecent(latencies.map { index in
                SLOSeriesSource.RecentRead(service: groups[index][0].key.service, indicators: groups[index].map(\.key.indicator), from: from)
            }, to: to)
            for (index, read) in zip(latencies, reads) {
                guard case .success(var series) = refreshed[index] else { continue }
                for plan in series.indices { series[plan].recentLatency = read[plan].recentLatency }
                refreshed[index] = .success(series)
            }
        } catch {
            for index in latencies { refreshed[index] = .failure(error) }
        }
        for index in groups.indices {
            guard case .success(var series) = refreshed[index] else { continue }
            do {
                try await keepResolution(&series, of: groups[index], at: nowSeconds, from: source)
                refreshed[index] = .success(series)
            } catch {
                refreshed[index] = .failure(error)
            }
        }
        reading += ContinuousClock.now - readStarted
        for (index, plans) in groups.enumerated() {
            let current: [HeldSeries]
            switch refreshed[index]! {
            case .success(let series):
                current = series
            case .failure(let error):
                for slo in plans.flatMap(\.members) {
                    failures.append("\(slo.id): \(error)")
                    if let entry = known[slo.id], entry.definition == slo { entries[slo.id] = entry }
                }
                continue
            }
            for (plan, current) in zip(plans, current) {
                kept[plan.key] = current
                for slo in plan.members {
                    let id = slo.id
                    let status = SLOCalculator.status(of: slo, series: current.series, at: now) { policy, days in
                        conditions.made(for: policy, windowDays: days)
                    }
                    var entry = Entry(definition: slo, status: status, recentLatency: current.recentLatency)
                    let recordedByCondition = machines[id]
                    for result in entry.status.conditions {
                        let recorded = recordedByCondition?[result.condition.name]
                        var machine = recorded?.machine ?? AlertStateMachine()
                        let transition = machine.evaluate(isActive: result.isActive, at: now, pendingFor: slo.alerting.pendingForSeconds)
                        if machine.phase == .firing {
                            firing += 1
                            entry.firing.append((result.condition.name, result.condition.severity, result.value))
                        }
                        if SLOAlertRecording.needsWriting(machine, lastWritten: recorded.map { ($0.machine, $0.evaluatedAt) }, at: now) {
                            let record = SLOAlertRecord(
                                sloID: id, condition: result.condition.name, severity: result.condition.severity, machine: machine,
                                value: result.value, evaluatedAt: now
                            )
                            machines[id, default: [:]][result.condition.name] = record
                            writes.append(record)
                        }
                        if transition == .fired {
                            logger.warning("SLO alert firing", metadata: [
                                "slo.id": "\(id)", "slo.condition": "\(result.condition.name)", "slo.value": "\(result.value ?? 0)",
                            ])
                        }
                    }
                    entries[id] = entry
                }
            }
        }
        finished = true
        let savingStarted = ContinuousClock.now
        let revision = try await store.saveAlertStates(writes)
        let saving = ContinuousClock.now - savingStarted
        // The machines are kept when they are exactly what is stored (none of their objectives
        // was deleted meanwhile).
        if revision.states == machines.values.reduce(0, { $0 + Int64($1.count) }) {
            heldMachines.withLock { $0 = HeldMachines(byObjective: machines, revision: revision, readAt: machinesRead) }
        }
        state.withLock { state in
            for (id, entry) in entries where entry.status.state == .breached && state.entries[id]?.status.state != .breached {
                state.violations[id, default: 0] += 1
            }
            state.entries = entries
            state.violations = state.violations.filter { entries[$0.key] != nil }
        }
        let summary = "evaluated \(entries.count) of \(slos.count) objective\(slos.count == 1 ? "" : "s") on \(kept.count) series in "
            + "\(Self.milliseconds(ContinuousClock.now - started)) ms (reads \(Self.milliseconds(reading)) ms, "
            + "\(writes.count) alert state\(writes.count == 1 ? "" : "s") written in \(Self.milliseconds(saving)) ms); \(firing) alert\(firing == 1 ? "" : "s") firing"
        guard failures.isEmpty else {
            throw SLOEvaluationError(summary: summary, failures: failures)
        }
        return summary
    }

    /// The alert states by objective and condition, and when they were read from the store: the
    /// ones this evaluator saved last when nothing else has written states since (another
    /// leader, an objective changed or deleted), else as stored.
    private func storedMachines() async throws -> ([String: [String: SLOAlertRecord]], ContinuousClock.Instant) {
        let kept = heldMachines.withLock { held in
            let taken = held
            held = nil
            return taken
        }
        if let kept, ContinuousClock.now - kept.readAt < Self.machinesRereadAfter, try await store.alertStatesRevision() == kept.revision {
            return (kept.byObjective, kept.readAt)
        }
        let readAt = ContinuousClock.now
        var machines: [String: [String: SLOAlertRecord]] = [:]
        for record in try await store.alertStates(of: nil) { machines[record.sloID, default: [:]][record.condition] = record }
        return (machines, readAt)
    }

    /// Where the series of `plans` — one read's worth: the same rollups of one service — are
    /// read again from, when every one is held from early enough: the earliest of their newest
    /// buckets less ``rereadSeconds`` (no earlier than a plan needs); `nil` when one must be
    /// read whole.
    private static func rereadStart(_ plans: [Plan]) -> Int64? {
        var start: Int64?
        for plan in plans {
            guard let held = plan.held, held.from <= plan.from, let lastStart = held.series.lastStart else { return nil }
            start = min(start ?? .max, max(plan.from, lastStart - rereadSeconds))
        }
        return start
    }

    /// The held series of `plans` (taken from the plans, so that they change in place) with
    /// their buckets from `from` on replaced by `reads` (one a plan).
    private static func reread(_ plans: inout [Plan], from: Int64, reads: [SLOSeriesSource.Read]) -> [HeldSeries] {
        var result: [HeldSeries] = []
        for index in plans.indices {
            var held = plans[index].held!
            plans[index].held = nil
            held.series.replace(from: from, with: reads[index].buckets)
            held.series.drop(before: plans[index].from)
            held.from = plans[index].from
            held.recentLatency = reads[index].recentLatency
            result.append(held)
        }
        return result
    }

    /// The series of `plans` — one read's worth — each from its plan's `from` to `to`, read
    /// whole: whole hours but where a plan's windows start within the next hour, and each plan's
    /// series merged into hours where its own do not.
    private func readWhole(_ plans: [Plan], at now: Int64, to: Int64, from source: SLOSeriesSource) async throws -> [HeldSeries] {
        let indicators = plans.map(\.key.indicator)
        let service = plans[0].key.service
        let wanted = plans.map { minuteHours(of: $0, at: now, through: now + SLOResolution.lookahead) }
        let reads = try await source.read(
            indicators, of: service, from: plans.map(\.from).min()!, to: to, minutes: wanted.reduce(MinuteHours.none) { $0.union($1) },
            recentLatency: !SLOSeriesSource.readsOperations(indicators[0])
        )
        return zip(zip(plans, wanted), reads).map { planned, read in
            let (plan, wanted) = planned
            return HeldSeries(
                series: EventSeries(read.buckets, keeping: wanted), from: plan.from, recentLatency: read.recentLatency,
                readied: RollupRetention.hourBucket(now)
            )
        }
    }

    /// Keeps `series` — those of `plans`, one read's worth — at the resolution their windows
    /// need: once an hour, in the series' own minute, minutes no longer needed are merged into
    /// hours and the hours the windows' starts move into within the next hour are read as
    /// minutes; an hour needed now but held whole (after cycles were missed, or an objective with
    /// another window joined the series) is read at once.
    private func keepResolution(_ series: inout [HeldSeries], of plans: [Plan], at now: Int64, from source: SLOSeriesSource) async throws {
        let hour = RollupRetention.hourBucket(now)
        // Older minutes are merged into hours by the rollups' retention.
        let earliest = RollupRetention.hourBucket(now - minuteRetention)
        var whole = Set<Int64>()
        for (index, plan) in plans.enumerated() {
            if plan.readies, series[index].readied < hour {
                let wanted = minuteHours(of: plan, at: now, through: now + SLOResolution.lookahead)
                series[index].series.coarsen(keeping: wanted)
                whole.formUnion(series[index].series.hoursHeldWhole(where: wanted, from: earliest))
                series[index].readied = hour
            } else {
                whole.formUnion(series[index].series.hoursHeldWhole(where: minuteHours(of: plan, at: now, through: now), from: earliest))
            }
        }
        for start in whole.sorted() {
            let end = start + RollupRetention.hour
            let reads = try await source.read(plans.map(\.key.indicator), of: plans[0].key.service, from: start, to: end)
            for index in series.indices { series[index].series.replace(from: start, to: end, with: reads[index].buckets) }
        }
    }

    /// Where the series of `plan` needs minutes at any time from `now` through `later`.
    private func minuteHours(of plan: Plan, at now: Int64, through later: Int64) -> MinuteHours {
        plan.members.reduce(MinuteHours.none) { needs, slo in
            needs.union(SLOResolution.minuteHours(for: slo, from: now, through: later, minuteRetention: minuteRetention))
        }
    }

    private static func milliseconds(_ duration: Duration) -> String {
        String(format: "%.1f", duration.seconds * 1_000)
    }
}
