import Foundation
import Logging
import SextantAPI
import SextantCore
import SextantStorage
import SextantWire
import ServiceLifecycle
import Synchronization

/// Drives active deployments on the leader: every tick it reads each one as stored, lets the
/// clock act (pauses ending, deadlines passing), and performs what its machine awaits — a
/// traffic change, verified, or the due measurements of an analysis — storing each outcome as
/// an event before anything acts on it. A new leader picks up where the stored events stand.
final class DeploymentRunner: Service, Sendable {
    let ledger: DeploymentLedger
    let measurer: MetricMeasurer
    let transport: any HTTPTransport
    let prober: HealthProber
    let world: GateWorld
    let metrics: DeploymentMetrics
    let interval: TimeInterval
    let isLeader: @Sendable () -> Bool
    let logger: Logger
    /// Told of every phase change, with the phase before (notifications).
    let onPhaseChange: @Sendable (DeploymentState, String) async -> Void

    init(ledger: DeploymentLedger, measurer: MetricMeasurer, transport: any HTTPTransport, prober: HealthProber, world: GateWorld,
         metrics: DeploymentMetrics,
         interval: TimeInterval,
         isLeader: @escaping @Sendable () -> Bool, logger: Logger, onPhaseChange: @escaping @Sendable (DeploymentState, String) async -> Void = { _, _ in }) {
        self.ledger = ledger
        self.measurer = measurer
        self.transport = transport
        self.prober = prober
        self.world = world
        self.metrics = metrics
        self.interval = interval
        self.isLeader = isLeader
        self.logger = logger
        self.onPhaseChange = onPhaseChange
    }

    private var clock: any WallClock { ledger.clock }
    /// The failures already logged, by deployment: one that repeats every tick is logged once.
    private let reported = Mutex<[String: String]>([:])

    func run() async throws {
        await cancelWhenGracefulShutdown {
            for await _ in self.clock.ticks(every: self.interval) where self.isLeader() {
                await self.round()
            }
        }
    }

    /// One pass over every active deployment, each in its own task.
    func round() async {
        let active: [DeploymentRecord]
        do {
            active = try await ledger.store.activeDeployments()
        } catch {
            logger.error("reading active deployments failed", metadata: ["error": "\(error)"])
            return
        }
        await withTaskGroup(of: Void.self) { group in
            for record in active {
                group.addTask { await self.drive(record) }
            }
        }
    }

    func drive(_ record: DeploymentRecord) async {
        do {
            var state = try await ledger.state(of: record)
            defer { metrics.saw(state) }
            guard try await gatesOpen(&state) else { return }
            switch state.machine {
            case .canary(let machine)?:
                if machine.phase == .pending {
                    guard try await apply(.canary(.start), to: &state) else { return }
                }
                guard try await apply(.canary(.tick), to: &state) else { return }
                guard try await background(&state) else { return }
                switch state.canary?.awaiting {
                case .weight(let percent)?:
                    try await shift(&state, to: percent)
                case .analysis(let step)?:
                    try await analyse(&state, step: step)
                case nil:
                    break
                }
            case .rolling(let machine)?:
                if machine.phase == .pending {
                    guard try await apply(.rolling(.start), to: &state) else { return }
                }
                guard try await apply(.rolling(.tick), to: &state) else { return }
                try await roll(&state)
            case nil:
                return
            }
            reported.withLock { _ = $0.removeValue(forKey: record.id) }
        } catch {
            let text = "\(error)"
            guard reported.withLock({ $0.updateValue(text, forKey: record.id) != text }) else { return }
            logger.error("driving a deployment failed (logged once while it repeats)", metadata: ["deployment.id": .string(record.id), "error": .string(text)])
        }
    }

    /// Judges the gates where the release would start or increase its traffic: `true` when it
    /// may go on. Every evaluation is recorded; a gate that holds makes it wait (an event when
    /// what holds it changes); an approval not given within its timeout aborts it.
    private func gatesOpen(_ state: inout DeploymentState) async throws -> Bool {
        let gates = state.resolved.gates
        guard !gates.isEmpty, let machine = state.machine, machine.phase == .pending || machine.phase == .progressing else { return true }
        let now = clock.now()
        if let approval = gates.approval, approval.hasExpired(since: state.record.createdAt, at: now, approved: state.gates.approvedBy != nil),
           let abort = DeploymentMachine.personal("abort", reason: "no approval within \(DurationText.format(seconds: approval.timeout ?? 0))", for: machine) {
            _ = try await apply(abort, to: &state)
            return false
        }
        guard machine.awaitsIncrease || state.gates.waiting != nil else { return true }
        let failures = GateCheck.failures(of: gates, for: state.record.service, facts: try await world.facts(for: state, at: now))
        try await ledger.store.recordGateEvaluation(of: state.record.id, failures: failures, at: now)
        if failures.isEmpty {
            if state.gates.waiting != nil { return try await apply(.gate(.passed), to: &state) }
            return true
        }
        let reason = failures.map(\.description).joined(separator: "; ")
        if state.gates.waiting != reason { _ = try await apply(.gate(.held(reason)), to: &state) }
        return false
    }

    /// Applies and stores `event`; `false` when another writer came first (read again next tick).
    private func apply(_ event: DeploymentMachine.Event, to state: inout DeploymentState) async throws -> Bool {
        let phase = state.record.status.phase
        let outcome = try await ledger.apply(event, to: &state, at: clock.now())
        guard outcome != .conflict else { return false }
        if state.record.status.phase != phase {
            metrics.phaseChanged(service: state.record.service, to: state.record.status.phase)
            logger.notice("deployment phase changed", metadata: [
                "deployment.id": .string(state.record.id), "service.name": .string(state.record.service),
                "deployment.phase": .string(state.record.status.phase), "deployment.reason": .string(state.record.status.reason ?? ""),
            ])
            await onPhaseChange(state, phase)
            if state.record.status.phase == CanaryMachine.Phase.succeeded.rawValue, case .blueGreen = state.resolved.strategy {
                await retire(state)
            }
        }
        return true
    }

    private func provider(for state: DeploymentState) -> (any TrafficProvider)? {
        switch state.resolved.traffic {
        case .nginx(let settings)?: return NginxTraffic(settings: settings, transport: transport)
        case .webhook(let url, let timeout)?: return WebhookTraffic(url: url, timeout: timeout, transport: transport)
        case .command(let path, let arguments, let timeout)?: return CommandTraffic(path: path, arguments: arguments, timeout: timeout)
        case nil: return nil
        }
    }

    private func facts(_ state: DeploymentState, weight: Int, action: String, instances: [String]? = nil) -> TrafficFacts {
        TrafficFacts(deployment: state.record.id, service: state.record.service, version: state.record.version,
                     stableVersion: state.record.stableVersion, phase: state.record.status.phase, step: state.record.status.step,
                     weight: weight, action: action, instances: instances, generation: "\(state.record.id).\(state.record.eventCount)")
    }

    private func shift(_ state: inout DeploymentState, to percent: Int) async throws {
        guard let provider = provider(for: state) else { return }
        let facts = facts(state, weight: percent, action: "setWeight")
        do {
            try await provider.setWeight(facts)
            try await provider.verifyWeight(facts)
        } catch {
            _ = try await apply(.canary(.weightFailed(String(describing: error))), to: &state)
            return
        }
        _ = try await apply(.canary(.weightVerified(percent)), to: &state)
    }

    private func retire(_ state: DeploymentState) async {
        do {
            try await provider(for: state)?.retire(facts(state, weight: 100, action: "retire"))
        } catch {
            logger.warning("retiring the old side failed", metadata: ["deployment.id": .string(state.record.id), "error": "\(error)"])
        }
    }

    private func analyse(_ state: inout DeploymentState, step: Int) async throws {
        guard let machine = state.canary, case .analysis(let name) = machine.plan.steps[step],
              var run = state.analysisRun(step, named: name, startedAt: machine.stepStartedAt ?? clock.now()) else { return }
        try await measure(&run, number: step, named: name, in: &state)
        let phase = run.phase()
        if phase.isFinished {
            _ = try await apply(.canary(.analysisEnded(phase, step: step)), to: &state)
        }
    }

    /// Measures the background analysis while the deployment runs; `false` on a conflict.
    private func background(_ state: inout DeploymentState) async throws -> Bool {
        guard let name = state.resolved.backgroundAnalysis, let machine = state.canary,
              machine.phase == .progressing || machine.phase == .paused, let start = state.startedAt,
              var run = state.analysisRun(DeploymentState.backgroundRun, named: name, startedAt: start) else { return true }
        try await measure(&run, number: DeploymentState.backgroundRun, named: name, in: &state)
        let phase = run.phase()
        guard phase.isFinished, phase != .successful, !state.hasEvent(.canary(.backgroundAnalysis(phase))) else { return true }
        return try await apply(.canary(.backgroundAnalysis(phase)), to: &state)
    }

    private func measure(_ run: inout AnalysisRun, number: Int, named name: String, in state: inout DeploymentState) async throws {
        guard let metrics = state.resolved.analyses[name] else { return }
        let now = clock.now()
        for index in run.due(at: now) {
            let metric = metrics[index]
            let reading = await measurer.measure(metric.source, service: state.record.service, version: state.record.version,
                                                 stableVersion: state.record.stableVersion, at: now)
            let phase = reading.error == nil ? metric.rule.judge(reading.value, requests: reading.requests) : .error
            let message = reading.error ?? (reading.value == nil || (reading.requests ?? Int.max) < metric.rule.minimumRequests
                ? "no data (\(reading.requests ?? 0) requests)" : nil)
            let stored = StoredMeasurement(run: number, metric: index, sequence: run.results[index].measurements.count + 1, at: now,
                                           value: reading.value.flatMap { $0.isFinite ? $0 : nil }, phase: phase.rawValue, message: message)
            try await ledger.store.record(stored, of: state.record.id)
            state.recorded(stored)
            run.record(.init(at: stored.at, value: stored.value, phase: phase, message: message), metric: index)
            self.metrics.measured(service: state.record.service, metric: metric.rule.name, phase: phase)
        }
    }

    /// Performs what a rolling release awaits and stores how it went.
    private func roll(_ state: inout DeploymentState) async throws {
        guard case .rolling(let machine)? = state.machine, let (stage, batch, instances) = machine.awaiting,
              case .rolling(let rolling) = state.resolved.strategy else { return }
        do {
            switch stage {
            case .drain, .enable:
                guard let provider = provider(for: state) else { return }
                let down = stage == .drain ? machine.drained : machine.drained.filter { !instances.contains($0) }
                try await provider.route(facts(state, weight: machine.percentUpdated, action: stage.rawValue, instances: instances),
                                         servers: rolling.addresses(of: rolling.plan.instances), down: Set(rolling.addresses(of: down)))
            case .update, .restore:
                try await CommandTraffic(path: rolling.update.path, arguments: rolling.update.arguments, timeout: rolling.update.timeout)
                    .send(facts(state, weight: machine.percentUpdated, action: stage.rawValue, instances: instances))
            case .checkHealth:
                try await checkHealth(of: rolling.instances.filter { instances.contains($0.name) }, within: rolling.healthTimeout)
            }
        } catch {
            _ = try await apply(.rolling(.failed(stage, batch: batch, reason: String(describing: error))), to: &state)
            return
        }
        _ = try await apply(.rolling(.done(stage, batch: batch)), to: &state)
    }

    /// Returns once every instance answers its health URL with 2xx or 3xx; throws, naming the
    /// first that does not within `timeout`.
    private func checkHealth(of instances: [RollingInstanceDocument], within timeout: Double) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        for instance in instances {
            while true {
                let health = await prober.probe(instance.name, endpoint: instance.healthURL)
                if health.isUp { break }
                guard ContinuousClock.now < deadline else {
                    throw TrafficError("instance \(instance.name) is unhealthy: \(health.reason)")
                }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }
}
