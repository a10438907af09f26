import Foundation
import Hummingbird
import SextantAPI
import SextantCore
import SextantStorage

/// `/api/v1/orchestration/workflows`: submit a workflow, show one with every step's state,
/// list them, and cancel one (stopping what runs, rolling back what it started when it says so).
struct WorkflowsController {
    let ledger: WorkflowLedger
    let deployments: DeploymentsController
    let graphs: GraphCache

    func addRoutes(to group: Routes) {
        group.post(needs: .needs(.deploy), accepts: WorkflowRequest.self, answers: WorkflowView.self, use: submit)
        group.get(needs: .needs(.read), answers: WorkflowList.self, use: list)
        group.get("{id}", needs: .needs(.read), answers: WorkflowView.self, use: show)
        group.delete("{id}", needs: .needs(.deploy), answers: WorkflowView.self, use: cancel)
        group.post("{id}/steps/{step}/approve", needs: .needs(.deploy), answers: WorkflowView.self, use: approve)
        group.post("{id}/steps/{step}/override", needs: .needs(.deploy), accepts: FreezeOverrideRequest.self, answers: WorkflowView.self, use: overrideFreeze)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        var asked = try await context.decode(StrictDocument<WorkflowRequest>.self, from: request, accepting: [.json, .yaml]).value
        try ResolvedDeployment.checkName(asked.name, field: "name")
        guard ["explicit", "dependencies", nil].contains(asked.order) else {
            throw APIError.badRequest("order is explicit or dependencies", field: "order", code: "invalid_enum")
        }
        guard ["rollback", "stop", nil].contains(asked.onCancel) else {
            throw APIError.badRequest("onCancel is rollback or stop", field: "onCancel", code: "invalid_enum")
        }
        for (index, step) in asked.steps.enumerated() {
            try await check(step, field: "steps[\(index)]")
        }
        let services = asked.steps.compactMap(\.deployment?.service)
        if let repeated = Dictionary(grouping: services, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw APIError.badRequest("two steps deploy \(Quoted.prefix(repeated)); one deployment of a service runs at a time", field: "steps")
        }
        // The order the graph gives is kept in the stored steps, so that a replay needs no graph.
        let graph = asked.order == "dependencies" ? try await graphs.impactGraph(includingObserved: true) : nil
        let plan = try WorkflowState.plan(of: asked, graph: graph)
        for index in asked.steps.indices { asked.steps[index].dependsOn = plan.steps[index].dependsOn }
        let now = ledger.clock.now()
        let record = WorkflowRecord(id: DeploymentsController.newID(), name: asked.name, spec: String(decoding: try JSONEncoder().encode(asked), as: UTF8.self),
                                    phase: WorkflowMachine.Phase.pending.rawValue, active: true,
                                    createdBy: context.caller.map(NewAPIKey.describe) ?? "sextant", createdAt: now, updatedAt: now)
        try await ledger.store.create(record)
        return try JSONResponse.make(try await view(of: try await ledger.state(of: record)), status: .created,
                                     headers: [.location: "/api/v1/orchestration/workflows/\(record.id)"])
    }

    /// Checks one step; a 400 naming the field under `field`.
    private func check(_ step: WorkflowStepDocument, field: String) async throws {
        guard step.kindCount == 1 else {
            throw APIError.badRequest("a step is exactly one of deployment, gate, approval, wait, webhook and command", field: field)
        }
        if let deployment = step.deployment {
            guard deployment.recorded == nil else {
                throw APIError.badRequest("a workflow drives its deployments; record releases done elsewhere directly", field: "\(field).deployment.recorded")
            }
            try await deployments.check(deployment, field: "\(field).deployment")
        }
        if let gate = step.gate {
            let (gates, objectives) = try ResolvedDeployment.gates(gate.gates, field: "\(field).gate")
            guard !gates.isEmpty else {
                throw APIError.badRequest("a gate step names at least one of budget, noIncident and freeze", field: "\(field).gate")
            }
            try await deployments.checkGates(gates, objectives: objectives, root: "\(field).gate")
            try await deployments.checkService(gate.service, field: "\(field).gate.service")
            _ = try Self.gateTimeout(of: gate, field: "\(field).gate.timeout")
        }
        if let approval = step.approval {
            _ = try ResolvedDeployment.approval(approval, field: field)
        }
        if let wait = step.wait {
            let seconds = try DurationText.seconds(wait, field: "\(field).wait") ?? 0
            guard seconds <= 86_400 else { throw APIError.badRequest("a wait is at most 24h", field: "\(field).wait") }
        }
        if let webhook = step.webhook { _ = try ResolvedDeployment.traffic(TrafficProviderDocument(webhook: webhook), rolling: false) }
        if let command = step.command { _ = try ResolvedDeployment.traffic(TrafficProviderDocument(command: command), rolling: false) }
    }

    /// How long a gate step waits for its gates before it fails: 1s to 7d, or for ever.
    static func gateTimeout(of gate: GateStepDocument, field: String = "timeout") throws -> Double? {
        let timeout = try DurationText.seconds(gate.timeout, field: field)
        if let timeout, !(1...(7 * 86_400)).contains(timeout) {
            throw ValidationError(message: "a gate step's timeout is 1s to 7d", field: field)
        }
        return timeout
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let limit = try QueryParameters(request).integer("limit", in: 1...1_000) ?? 100
        var views: [WorkflowView] = []
        for record in try await ledger.store.workflows(limit: limit) {
            if let state = try? await ledger.state(of: record) { views.append(try await view(of: state)) }
        }
        return try JSONResponse.make(WorkflowList(workflows: views))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(try await view(of: try await state(request, context)))
    }

    /// Cancels: each deployment it started and that still runs is aborted, and with
    /// `onCancel: rollback` each that succeeded is rolled back; then the workflow is cancelled.
    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let who = context.caller.map(NewAPIKey.describe) ?? "sextant"
        for _ in 0..<5 {
            var state = try await state(request, context)
            guard state.machine.phase == .pending || state.machine.phase == .running else {
                throw APIError(.conflict, code: "conflict", message: "the workflow is \(state.machine.phase.rawValue) already")
            }
            for undo in state.machine.toUndoOnCancel {
                try await undoDeployment(undo.reference, succeeded: undo.succeeded, reason: "workflow \(state.record.id) cancelled by \(who)")
            }
            if try await ledger.apply(.cancel("cancelled by \(who)"), to: &state) {
                return try JSONResponse.make(try await view(of: state))
            }
        }
        throw APIError(.conflict, code: "conflict", message: "the workflow kept changing; try again")
    }

    /// A person approves a running approval step; their role must be at least the step's.
    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (current, name, document) = try await step(request, context)
        guard let approval = document.approval else {
            throw APIError(.conflict, code: "conflict", message: "step \(name) is not an approval step")
        }
        let role = try ResolvedDeployment.approval(approval).role
        guard let caller = context.caller, caller.role >= role else {
            throw APIError(.forbidden, code: "forbidden", message: "approving this step needs the \(role.rawValue) role or above")
        }
        return try await record(.stepApproved(name, by: NewAPIKey.describe(caller)), for: current.record.id, step: name)
    }

    /// An operator lets a running gate step through its freeze windows, with a reason that is audited.
    @Sendable func overrideFreeze(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (current, name, document) = try await step(request, context)
        guard let freeze = document.gate?.freeze, !freeze.timeIntervals.isEmpty else {
            throw APIError(.conflict, code: "conflict", message: "step \(name) has no freeze gate")
        }
        let (who, reason) = try await deployments.overrideReason(request, context, route: "/api/v1/orchestration/workflows/{id}/steps/{step}/override",
                                                                 resource: "workflow/\(current.record.id) step \(name)")
        return try await record(.stepFreezeOverridden(name, by: who, reason: reason), for: current.record.id, step: name)
    }

    /// Stores a person's event on a running step, reading again when another writer came first.
    private func record(_ event: WorkflowMachine.Event, for id: String, step name: String) async throws -> Response {
        for _ in 0..<5 {
            guard let record = try await ledger.store.workflow(id: id) else { break }
            var state = try await ledger.state(of: record)
            guard state.machine.steps[name] == .running else {
                throw APIError(.conflict, code: "conflict", message: "step \(name) is \(state.machine.steps[name]?.rawValue ?? "unknown"), not waiting")
            }
            var probe = state.machine
            guard probe.handle(event, at: ledger.clock.now()) else {
                throw APIError(.conflict, code: "conflict", message: "step \(name) was already \(state.machine.approvedBy[name] != nil ? "approved" : "overridden")")
            }
            if try await ledger.apply(event, to: &state) { return try JSONResponse.make(try await view(of: state)) }
        }
        throw APIError(.conflict, code: "conflict", message: "the workflow kept changing; try again")
    }

    private func step(_ request: Request, _ context: AppRequestContext) async throws -> (WorkflowState, String, WorkflowStepDocument) {
        let current = try await state(request, context)
        let name = try context.parameters.require("step")
        guard let (_, document) = current.step(named: name) else {
            throw APIError.notFound("workflow \(current.record.id) has no step named \(Quoted.prefix(name))", field: "step")
        }
        return (current, name, document)
    }

    private func undoDeployment(_ id: String, succeeded: Bool, reason: String) async throws {
        for _ in 0..<5 {
            guard var state = try await deployments.ledger.state(of: id), let machine = state.machine,
                  let event = DeploymentMachine.personal(succeeded ? "rollback" : "abort", reason: reason, for: machine) else { return }
            if try await deployments.ledger.apply(event, to: &state, at: deployments.ledger.clock.now()) != .conflict { return }
        }
    }

    private func state(_ request: Request, _ context: AppRequestContext) async throws -> WorkflowState {
        let id = try context.parameters.require("id")
        guard let record = try await ledger.store.workflow(id: id) else {
            throw APIError.notFound("no workflow has the id \(Quoted.prefix(id))", field: "id")
        }
        return try await ledger.state(of: record)
    }

    func view(of state: WorkflowState) async throws -> WorkflowView {
        var steps: [WorkflowView.Step] = []
        for (index, step) in state.machine.plan.steps.enumerated() {
            let document = state.request.steps[index]
            let evaluations = document.gate == nil ? nil : try await deployments.ledger.store.gateEvaluations(of: state.gateSubject(ofStep: step.name), limit: 50)
            steps.append(WorkflowView.Step(name: step.name, kind: document.kind ?? "?", dependsOn: step.dependsOn,
                                           phase: state.machine.steps[step.name]?.rawValue ?? "pending", deployment: state.machine.references[step.name],
                                           waiting: state.machine.waiting[step.name], approvedBy: state.machine.approvedBy[step.name],
                                           gateEvaluations: evaluations))
        }
        return WorkflowView(id: state.record.id, name: state.record.name, phase: state.machine.phase.rawValue, reason: state.machine.reason,
                            createdBy: state.record.createdBy, createdAt: state.record.createdAt, steps: steps,
                            events: state.machine.history.map { DeploymentView.Event(at: $0.at, message: $0.message) })
    }
}
