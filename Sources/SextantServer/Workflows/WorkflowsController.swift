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
        group.post(needs: .needs(.deploy), use: submit)
        group.get(needs: .needs(.read), use: list)
        group.get("{id}", needs: .needs(.read), use: show)
        group.delete("{id}", needs: .needs(.deploy), use: cancel)
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
            let kinds = [step.deployment != nil, step.wait != nil, step.webhook != nil, step.command != nil].filter { $0 }.count
            guard kinds == 1 else {
                throw APIError.badRequest("a step is exactly one of deployment, wait, webhook and command", field: "steps[\(index)]")
            }
            if let deployment = step.deployment {
                guard deployment.recorded == nil else {
                    throw APIError.badRequest("a workflow drives its deployments; record releases done elsewhere directly", field: "steps[\(index)].deployment.recorded")
                }
                try await deployments.check(deployment, field: "steps[\(index)].deployment")
            }
            if let wait = step.wait {
                let seconds = try DurationText.seconds(wait, field: "steps[\(index)].wait") ?? 0
                guard seconds <= 86_400 else { throw APIError.badRequest("a wait is at most 24h", field: "steps[\(index)].wait") }
            }
            if let webhook = step.webhook { _ = try ResolvedDeployment.traffic(TrafficProviderDocument(webhook: webhook), rolling: false) }
            if let command = step.command { _ = try ResolvedDeployment.traffic(TrafficProviderDocument(command: command), rolling: false) }
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

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let limit = try QueryParameters(request).integer("limit", in: 1...1_000) ?? 100
        var views: [WorkflowView] = []
        for record in try await ledger.store.workflows(limit: limit) {
            if let state = try? await ledger.state(of: record) { views.append(try await view(of: state)) }
        }
        return try JSONResponse.make(["workflows": views])
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
        let steps = state.machine.plan.steps.enumerated().map { index, step in
            let document = state.request.steps[index]
            let kind = document.deployment != nil ? "deployment" : document.wait != nil ? "wait" : document.webhook != nil ? "webhook" : "command"
            return WorkflowView.Step(name: step.name, kind: kind, dependsOn: step.dependsOn,
                                     phase: state.machine.steps[step.name]?.rawValue ?? "pending", deployment: state.machine.references[step.name])
        }
        return WorkflowView(id: state.record.id, name: state.record.name, phase: state.machine.phase.rawValue, reason: state.machine.reason,
                            createdBy: state.record.createdBy, createdAt: state.record.createdAt, steps: steps,
                            events: state.machine.history.map { DeploymentView.Event(at: $0.at, message: $0.message) })
    }
}
