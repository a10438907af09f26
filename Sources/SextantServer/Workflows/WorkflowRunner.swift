import Foundation
import Logging
import SextantAPI
import SextantCore
import SextantStorage
import SextantWire
import ServiceLifecycle

/// Drives active workflows on the leader: every tick it starts the steps whose dependencies
/// succeeded (a deployment is created under an id the step fixes, so a retry after a restart finds
/// it instead of creating another), and settles the running ones from what they started.
final class WorkflowRunner: Service, Sendable {
    let ledger: WorkflowLedger
    let deployments: DeploymentsController
    let transport: any HTTPTransport
    let world: GateWorld
    let interval: TimeInterval
    let isLeader: @Sendable () -> Bool
    let logger: Logger

    init(ledger: WorkflowLedger, deployments: DeploymentsController, transport: any HTTPTransport, world: GateWorld, interval: TimeInterval,
         isLeader: @escaping @Sendable () -> Bool, logger: Logger) {
        self.ledger = ledger
        self.deployments = deployments
        self.transport = transport
        self.world = world
        self.interval = interval
        self.isLeader = isLeader
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            for await _ in self.ledger.clock.ticks(every: self.interval) where self.isLeader() {
                do {
                    for record in try await self.ledger.store.activeWorkflows() { await self.drive(record) }
                } catch {
                    self.logger.error("reading active workflows failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    func drive(_ record: WorkflowRecord) async {
        do {
            var state = try await ledger.state(of: record)
            if state.machine.phase == .pending { guard try await ledger.apply(.start, to: &state) else { return } }
            for name in state.machine.running { try await settle(name, in: &state) }
            for name in state.machine.startable { try await start(name, in: &state) }
        } catch {
            logger.error("driving a workflow failed", metadata: ["workflow.id": .string(record.id), "error": "\(error)"])
        }
    }

    private func start(_ name: String, in state: inout WorkflowState) async throws {
        guard let (index, step) = state.step(named: name) else { return }
        if let deployment = step.deployment {
            let id = state.deploymentID(ofStep: index)
            if try await deployments.ledger.store.deployment(id: id) == nil {
                do {
                    _ = try await deployments.store(deployment, id: id, createdBy: "workflow \(state.record.name) (\(state.record.id))")
                } catch {
                    _ = try await ledger.apply(.stepStarted(name, reference: nil), to: &state)
                    _ = try await ledger.apply(.stepFailed(name, reason: "the deployment could not be created: \(error)"), to: &state)
                    return
                }
            }
            _ = try await ledger.apply(.stepStarted(name, reference: id), to: &state)
            return
        }
        guard try await ledger.apply(.stepStarted(name, reference: nil), to: &state) else { return }
        try await settle(name, in: &state)
    }

    /// Ends a running step when what it does is done.
    private func settle(_ name: String, in state: inout WorkflowState) async throws {
        guard let (_, step) = state.step(named: name) else { return }
        let facts = TrafficFacts(deployment: state.record.id, service: "", version: "", stableVersion: nil, phase: state.machine.phase.rawValue,
                                 step: state.step(named: name)?.index ?? 0, weight: 0, action: name, instances: nil, generation: state.record.id)
        if step.deployment != nil {
            guard let id = state.machine.references[name], let deployment = try await deployments.ledger.store.deployment(id: id) else { return }
            if deployment.status.phase == "succeeded" {
                _ = try await ledger.apply(.stepSucceeded(name), to: &state)
            } else if deployment.status.phase == "aborted" {
                _ = try await ledger.apply(.stepFailed(name, reason: "deployment \(id) aborted: \(deployment.status.reason ?? "")"), to: &state)
            }
        } else if let gate = step.gate {
            try await judge(gate, step: name, in: &state)
        } else if let document = step.approval, let approval = try? ResolvedDeployment.approval(document) {
            if let started = state.machine.startedAt[name], approval.hasExpired(since: started, at: ledger.clock.now(), approved: false) {
                _ = try await ledger.apply(.stepFailed(name, reason: "no approval within \(DurationText.format(seconds: approval.timeout ?? 0))"), to: &state)
            } else if state.machine.waiting[name] == nil {
                _ = try await ledger.apply(.stepHeld(name, reason: "waiting for a person with the \(approval.role.rawValue) role (or above) to approve"),
                                           to: &state)
            }
        } else if let wait = step.wait {
            let seconds = DurationText.seconds(wait) ?? 0
            if let started = state.machine.startedAt[name], ledger.clock.now().timeIntervalSince(started) >= seconds {
                _ = try await ledger.apply(.stepSucceeded(name), to: &state)
            }
        } else if let webhook = step.webhook, case .webhook(let url, let timeout) = try ResolvedDeployment.traffic(TrafficProviderDocument(webhook: webhook), rolling: false) {
            try await perform(name, in: &state) { try await WebhookTraffic(url: url, timeout: timeout, transport: self.transport).send(facts) }
        } else if let command = step.command, case .command(let path, let arguments, let timeout) = try ResolvedDeployment.traffic(TrafficProviderDocument(command: command), rolling: false) {
            try await perform(name, in: &state) { try await CommandTraffic(path: path, arguments: arguments, timeout: timeout).send(facts) }
        }
    }

    /// Judges a gate step's gates, recording the evaluation: it succeeds once they pass, waits
    /// (naming what holds it) while they hold, and fails when they still hold after its timeout.
    private func judge(_ gate: GateStepDocument, step name: String, in state: inout WorkflowState) async throws {
        let (gates, objectives) = try ResolvedDeployment.gates(gate.gates)
        let now = ledger.clock.now()
        let facts = try await world.facts(for: gates, objectives: objectives, approved: true,
                                          freezeOverridden: state.machine.freezeOverridden.contains(name), at: now)
        let failures = GateCheck.failures(of: gates, for: gate.service, facts: facts)
        try await deployments.ledger.store.recordGateEvaluation(of: state.gateSubject(ofStep: name), failures: failures, at: now)
        guard !failures.isEmpty else {
            _ = try await ledger.apply(.stepSucceeded(name), to: &state)
            return
        }
        let reason = failures.map(\.description).joined(separator: "; ")
        let timeout = try WorkflowsController.gateTimeout(of: gate)
        if DeploymentGates.hasRunOut(timeout, since: state.machine.startedAt[name], at: now) {
            _ = try await ledger.apply(.stepFailed(name, reason: "the gates still held after \(DurationText.format(seconds: timeout ?? 0)): \(reason)"), to: &state)
        } else if state.machine.waiting[name] != reason {
            _ = try await ledger.apply(.stepHeld(name, reason: reason), to: &state)
        }
    }

    private func perform(_ name: String, in state: inout WorkflowState, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            _ = try await ledger.apply(.stepFailed(name, reason: "\(error)"), to: &state)
            return
        }
        _ = try await ledger.apply(.stepSucceeded(name), to: &state)
    }
}
