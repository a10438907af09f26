import Foundation

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

/// One step: exactly one of `deployment`, `wait`, `webhook` and `command`.
public struct WorkflowStepDocument: Codable, Sendable, Equatable {
    public var name: String
    public var dependsOn: [String]?
    public var deployment: DeploymentRequest?
    /// How long to wait, such as `5m`.
    public var wait: String?
    public var webhook: WebhookTrafficDocument?
    public var command: CommandTrafficDocument?

    public init(name: String, dependsOn: [String]? = nil, deployment: DeploymentRequest? = nil, wait: String? = nil,
                webhook: WebhookTrafficDocument? = nil, command: CommandTrafficDocument? = nil) {
        self.name = name
        self.dependsOn = dependsOn
        self.deployment = deployment
        self.wait = wait
        self.webhook = webhook
        self.command = command
    }
}

/// A workflow as the API shows it: its phase and every step's.
public struct WorkflowView: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        public var name: String
        /// deployment, wait, webhook or command.
        public var kind: String
        public var dependsOn: [String]
        /// pending, running, succeeded, failed or skipped.
        public var phase: String
        /// The deployment a deployment step started.
        public var deployment: String?

        public init(name: String, kind: String, dependsOn: [String], phase: String, deployment: String?) {
            self.name = name
            self.kind = kind
            self.dependsOn = dependsOn
            self.phase = phase
            self.deployment = deployment
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
