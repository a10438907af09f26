import Foundation
import SextantAPI
import SextantCore
import SextantStorage

/// A workflow as it stands: its record, what it asked, and its machine (the replay of its events).
struct WorkflowState: Sendable {
    var record: WorkflowRecord
    let request: WorkflowRequest
    private(set) var machine: WorkflowMachine

    init(record: WorkflowRecord, events: [StoredDeploymentEvent], graph: DependencyGraph?) throws {
        self.record = record
        request = try JSONDecoder().decode(WorkflowRequest.self, from: Data(record.spec.utf8))
        machine = WorkflowMachine(plan: try Self.plan(of: request, graph: graph), rollsBackOnCancel: request.onCancel == "rollback")
        for event in events {
            _ = machine.handle(try JSONDecoder().decode(WorkflowMachine.Event.self, from: Data(event.event.utf8)), at: event.at)
        }
    }

    /// The plan of `request`: with `order: dependencies`, ordered by `graph` (read when it was
    /// submitted: the stored request keeps the order it got, in its steps' `dependsOn`).
    static func plan(of request: WorkflowRequest, graph: DependencyGraph?) throws -> WorkflowPlan {
        try WorkflowPlan(steps: request.steps.map { WorkflowPlan.Step(name: $0.name, service: $0.deployment?.service, dependsOn: $0.dependsOn ?? []) },
                         orderedBy: request.order == "dependencies" ? graph : nil)
    }

    func step(named name: String) -> (index: Int, document: WorkflowStepDocument)? {
        request.steps.firstIndex { $0.name == name }.map { ($0, request.steps[$0]) }
    }

    /// The id of the deployment step `index` starts: the same on every replica and every retry.
    func deploymentID(ofStep index: Int) -> String {
        "\(record.id)-\(index)"
    }

    /// Whose gate evaluations a gate step's are: the workflow's id and the step's name.
    func gateSubject(ofStep name: String) -> String {
        "\(record.id)/\(name)"
    }

    mutating func applied(_ machine: WorkflowMachine, count: Int) {
        self.machine = machine
        record.eventCount = count
        record.phase = machine.phase.rawValue
    }
}

/// Reads workflows as states and stores their events, each before anything acts on it.
struct WorkflowLedger: Sendable {
    let store: any WorkflowStore
    let clock: any WallClock

    func state(of record: WorkflowRecord) async throws -> WorkflowState {
        try WorkflowState(record: record, events: try await store.events(of: record.id), graph: nil)
    }

    /// Applies `event` at now; `false` when it changed nothing or another writer came first.
    func apply(_ event: WorkflowMachine.Event, to state: inout WorkflowState) async throws -> Bool {
        // The time as it is stored, so that a replay decides exactly as this did.
        let now = clock.now().truncatedToMilliseconds
        var machine = state.machine
        guard machine.handle(event, at: now) else { return false }
        let text = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        let active = machine.phase == .pending || machine.phase == .running
        guard try await store.append(event: text, at: now, to: state.record.id, expectedCount: state.record.eventCount,
                                     phase: machine.phase.rawValue, active: active) else { return false }
        state.applied(machine, count: state.record.eventCount + 1)
        return true
    }
}
