import Foundation
import SextantCore

/// A workflow to submit (`POST /api/v1/orchestration/workflows`): steps with explicit
/// `dependsOn`, or `order: dependencies` to release the services of its deployment steps
/// dependencies first as the graph says. Unknown fields are refused by name.
public struct WorkflowRequest: Codable, Sendable, Equatable {
    public var name: String
    /// `explicit` (default) or `dependencies`.
    public var order: String?
    /// `rollback` (the deployments it started are rolled back) or `stop` (default: they are only stopped).
    public var onCancel: String?
    public var steps: [WorkflowStepDocument]

    public init(name: String, order: String? = nil, onCancel: String? = nil, steps: [WorkflowStepDocument]) {
        self.name = name
        self.order = order
        self.onCancel = onCancel
        self.steps = steps
    }
}

/// One step: exactly one of `deployment`, `gate`, `approval`, `wait`, `webhook` and `command`.
public struct WorkflowStepDocument: Codable, Sendable, Equatable {
    public var name: String
    public var dependsOn: [String]?
    public var deployment: DeploymentRequest?
    /// How long to wait, such as `5m`.
    public var wait: String?
    public var webhook: WebhookTrafficDocument?
    public var command: CommandTrafficDocument?
    /// Waits until a service's gates pass.
    public var gate: GateStepDocument?
    /// Waits until a person approves
    /// (`POST /api/v1/orchestration/workflows/{id}/steps/{step}/approve`); fails after `timeout`.
    public var approval: ApprovalGateDocument?

    public init(name: String, dependsOn: [String]? = nil, deployment: DeploymentRequest? = nil, wait: String? = nil,
                webhook: WebhookTrafficDocument? = nil, command: CommandTrafficDocument? = nil, gate: GateStepDocument? = nil,
                approval: ApprovalGateDocument? = nil) {
        self.name = name
        self.dependsOn = dependsOn
        self.deployment = deployment
        self.wait = wait
        self.webhook = webhook
        self.command = command
        self.gate = gate
        self.approval = approval
    }

    /// deployment, gate, approval, wait, webhook or command: the one the step is (the first, when
    /// more are given, which is refused).
    public var kind: String? {
        deployment != nil ? "deployment" : gate != nil ? "gate" : approval != nil ? "approval" : wait != nil ? "wait"
            : webhook != nil ? "webhook" : command != nil ? "command" : nil
    }

    /// How many kinds the step names (exactly one is accepted).
    public var kindCount: Int {
        [deployment != nil, gate != nil, approval != nil, wait != nil, webhook != nil, command != nil].filter { $0 }.count
    }
}

/// A gate step: the gates of `service` (budget, noIncident, freeze; as a deployment's) must pass;
/// with `timeout`, the step fails when they still hold after it.
public struct GateStepDocument: Codable, Sendable, Equatable {
    public var service: String
    public var budget: BudgetGateDocument?
    public var noIncident: NoIncidentGateDocument?
    public var freeze: FreezeGateDocument?
    public var timeout: String?

    public init(service: String, budget: BudgetGateDocument? = nil, noIncident: NoIncidentGateDocument? = nil, freeze: FreezeGateDocument? = nil,
                timeout: String? = nil) {
        self.service = service
        self.budget = budget
        self.noIncident = noIncident
        self.freeze = freeze
        self.timeout = timeout
    }

    public var gates: GatesDocument { GatesDocument(budget: budget, noIncident: noIncident, freeze: freeze) }
}

/// A workflow as the API shows it: its phase and every step's.
public struct WorkflowView: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        public var name: String
        /// deployment, gate, approval, wait, webhook or command.
        public var kind: String
        public var dependsOn: [String]
        /// pending, running, succeeded, failed or skipped.
        public var phase: String
        /// The deployment a deployment step started.
        public var deployment: String?
        /// What holds a running gate or approval step.
        public var waiting: String?
        /// Who approved an approval step.
        public var approvedBy: String?
        /// A gate step's evaluations, runs of the same outcome folded (the newest 50 runs).
        public var gateEvaluations: [GateEvaluation]?

        public init(name: String, kind: String, dependsOn: [String], phase: String, deployment: String?, waiting: String? = nil,
                    approvedBy: String? = nil, gateEvaluations: [GateEvaluation]? = nil) {
            self.name = name
            self.kind = kind
            self.dependsOn = dependsOn
            self.phase = phase
            self.deployment = deployment
            self.waiting = waiting
            self.approvedBy = approvedBy
            self.gateEvaluations = gateEvaluations
        }
    }

    public var id: String
    public var name: String
    /// pending, running, succeeded, failed or cancelled.
    public var phase: String
    public var reason: String?
    public var createdBy: String
    public var createdAt: Date
    public var steps: [Step]
    public var events: [DeploymentView.Event]

    public init(id: String, name: String, phase: String, reason: String?, createdBy: String, createdAt: Date, steps: [Step],
                events: [DeploymentView.Event]) {
        self.id = id
        self.name = name
        self.phase = phase
        self.reason = reason
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.steps = steps
        self.events = events
    }
}
