import SextantCore
import Foundation

/// Deployments, their events and their measurements.
public protocol DeploymentStore: Sendable {
    /// Stores a new deployment; ``StoreError/conflict(_:)`` when its service has an active one
    /// (with `record.status.active`).
    func create(_ record: DeploymentRecord) async throws
    func deployment(id: String) async throws -> DeploymentRecord?
    func deployments(matching query: DeploymentQuery) async throws -> [DeploymentRecord]
    /// Deployments still holding their service.
    func activeDeployments() async throws -> [DeploymentRecord]
    /// The service's newest deployment that succeeded and was not rolled back.
    func lastSucceeded(service: String) async throws -> DeploymentRecord?
    func events(of id: String) async throws -> [StoredDeploymentEvent]
    /// Appends `event` as number `expectedCount + 1` and sets the status, only if the deployment
    /// still has `expectedCount` events; `false` when another writer appended first.
    func append(event: String, at: Date, to id: String, expectedCount: Int, status: DeploymentStatus) async throws -> Bool
    func measurements(of id: String) async throws -> [StoredMeasurement]
    func record(_ measurement: StoredMeasurement, of id: String) async throws
    /// Records one evaluation of the gates of `subject` (a deployment's id, or a workflow's id and
    /// step): folded into the last entry when it found the same, a new entry otherwise.
    func recordGateEvaluation(of subject: String, failures: [GateFailure], at: Date) async throws
    /// The newest `limit` entries of `subject`'s gate evaluations, oldest first.
    func gateEvaluations(of subject: String, limit: Int) async throws -> [GateEvaluation]
}
