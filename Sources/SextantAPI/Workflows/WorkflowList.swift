/// `GET /api/v1/orchestration/workflows`: the newest workflows first.
public struct WorkflowList: Codable, Sendable, Equatable {
    public var workflows: [WorkflowView]

    public init(workflows: [WorkflowView]) {
        self.workflows = workflows
    }
}
