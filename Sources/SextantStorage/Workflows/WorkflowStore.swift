import Foundation

/// A workflow's row.
public struct WorkflowRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var spec: String
    public var phase: String
    public var active: Bool
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date
    public var eventCount: Int

    public init(id: String, name: String, spec: String, phase: String, active: Bool, createdBy: String, createdAt: Date, updatedAt: Date,
                eventCount: Int = 0) {
        self.id = id
        self.name = name
        self.spec = spec
        self.phase = phase
        self.active = active
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.eventCount = eventCount
    }
}

/// Workflows and their events.
public protocol WorkflowStore: Sendable {
    func create(_ record: WorkflowRecord) async throws
    func workflow(id: String) async throws -> WorkflowRecord?
    func workflows(limit: Int) async throws -> [WorkflowRecord]
    func activeWorkflows() async throws -> [WorkflowRecord]
    func events(of id: String) async throws -> [StoredDeploymentEvent]
    /// Appends `event` as number `expectedCount + 1` with the phase it leads to, only if the
    /// workflow still has `expectedCount` events.
    func append(event: String, at: Date, to id: String, expectedCount: Int, phase: String, active: Bool) async throws -> Bool
}
