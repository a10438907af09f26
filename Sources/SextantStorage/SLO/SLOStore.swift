import Foundation
import SextantCore

/// An objective as stored, with when it was created and last changed.
public struct StoredSLO: Sendable, Equatable {
    public var slo: ServiceLevelObjective
    public var createdAt: Date
    public var updatedAt: Date
}

/// The recorded state of one alert condition of an objective.
public struct SLOAlertRecord: Sendable, Equatable {
    public var sloID: String
    public var condition: String
    public var severity: SLOAlertCondition.Severity
    public var machine: AlertStateMachine
    /// The figure last compared (burn rate, or budget remaining in percent).
    public var value: Double?
    public var evaluatedAt: Date

    public init(sloID: String, condition: String, severity: SLOAlertCondition.Severity, machine: AlertStateMachine,
                value: Double?, evaluatedAt: Date) {
        self.sloID = sloID
        self.condition = condition
        self.severity = severity
        self.machine = machine
        self.value = value
        self.evaluatedAt = evaluatedAt
    }
}

/// What a bulk apply did.
public struct SLOApplyResult: Sendable, Equatable {
    public var created: [String] = []
    public var updated: [String] = []
    public var unchanged: [String] = []

    public init() {}
}

/// Where objectives and their alert states are kept.
public protocol SLOStore: Sendable {
    /// Every objective, ordered by id.
    func list() async throws -> [StoredSLO]
    func get(_ id: String) async throws -> StoredSLO?
    /// Creates or replaces one objective; `true` when it was created.
    @discardableResult
    func put(_ slo: ServiceLevelObjective, at now: Date) async throws -> Bool
    /// Creates only: `false` (and nothing written) when the id exists.
    func create(_ slo: ServiceLevelObjective, at now: Date) async throws -> Bool
    /// Deletes an objective and its alert states; `false` when there was none.
    func delete(_ id: String) async throws -> Bool
    /// Creates or replaces many objectives in one transaction.
    func apply(_ slos: [ServiceLevelObjective], at now: Date) async throws -> SLOApplyResult
    /// The alert states of one objective, or of all when `id` is `nil`.
    func alertStates(of id: String?) async throws -> [SLOAlertRecord]
    /// Records alert states (replacing those of the same objective and condition), in one
    /// transaction; states of objectives deleted meanwhile are dropped.
    func saveAlertStates(_ records: [SLOAlertRecord]) async throws
}
