import Foundation
import SextantAPI
import SextantCore
import SextantStorage

/// A deployment as it stands: its record, what it runs, its state machine (the replay of its
/// stored events) and its analysis runs (the replay of its stored measurements).
struct DeploymentState: Sendable {
    /// The run number of the background analysis; step analyses are numbered by their step.
    static let backgroundRun = -1

    var record: DeploymentRecord
    let resolved: ResolvedDeployment
    private(set) var machine: DeploymentMachine?
    private(set) var events: [DeploymentMachine.Event] = []
    private(set) var gates = GateState()
    private(set) var measurements: [StoredMeasurement]

    /// Reads what `record` asked and replays `events` and `measurements`.
    init(record: DeploymentRecord, events stored: [StoredDeploymentEvent], measurements: [StoredMeasurement]) throws {
        self.record = record
        let request = try JSONDecoder().decode(DeploymentRequest.self, from: Data(record.spec.utf8))
        self.resolved = try ResolvedDeployment(request)
        self.measurements = measurements
        var machine: DeploymentMachine?
        if let plan = resolved.canaryPlan {
            machine = .canary(CanaryMachine(plan: plan, progressDeadline: resolved.progressDeadline))
        } else if case .rolling(let rolling) = resolved.strategy {
            machine = .rolling(RollingMachine(plan: rolling.plan, progressDeadline: resolved.progressDeadline))
        }
        var gates = GateState()
        if var replayed = machine {
            for event in stored {
                let decoded = try replayed.decode(event.event)
                _ = Self.apply(decoded, to: &replayed, gates: &gates, at: event.at)
                events.append(decoded)
            }
            machine = replayed
        }
        self.machine = machine
        self.gates = gates
    }

    /// The canary machine, when the deployment runs one.
    var canary: CanaryMachine? {
        if case .canary(let machine)? = machine { return machine }
        return nil
    }

    /// The analysis run `run` (a step's, or the background one) started at `start`, with its
    /// measurements so far; `nil` when no such analysis exists.
    func analysisRun(_ run: Int, named name: String, startedAt start: Date) -> AnalysisRun? {
        guard let metrics = resolved.analyses[name] else { return nil }
        var analysis = AnalysisRun(metrics: metrics.map(\.rule), startedAt: start)
        for measurement in measurements where measurement.run == run && metrics.indices.contains(measurement.metric) {
            analysis.record(.init(at: measurement.at, value: measurement.value, phase: MeasurementPhase(rawValue: measurement.phase) ?? .error,
                                  message: measurement.message), metric: measurement.metric)
        }
        return analysis
    }

    /// When the deployment started (its first event), for the background analysis.
    var startedAt: Date? {
        machine?.history.first?.at
    }

    /// Whether `event` was already stored.
    func hasEvent(_ event: DeploymentMachine.Event) -> Bool {
        events.contains(event)
    }

    mutating func recorded(_ measurement: StoredMeasurement) {
        measurements.append(measurement)
    }

    /// Applies `event` to the machine or the gates; whether anything changed.
    static func apply(_ event: DeploymentMachine.Event, to machine: inout DeploymentMachine, gates: inout GateState, at now: Date) -> Bool {
        guard case .gate(let gateEvent) = event else { return machine.handle(event, at: now) }
        guard gates.handle(gateEvent, at: now) else { return false }
        if gateEvent == .passed { machine.restartStepClock(at: now) }
        return true
    }

    /// Every event's time and words: the machine's and the gates', in order.
    var history: [(at: Date, message: String)] {
        ((machine?.history ?? []) + gates.history).enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    mutating func applied(_ event: DeploymentMachine.Event, machine: DeploymentMachine, gates: GateState, count: Int, status: DeploymentStatus) {
        events.append(event)
        self.machine = machine
        self.gates = gates
        record.eventCount = count
        record.status = status
    }
}
