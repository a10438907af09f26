import Foundation
import SextantCore

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
    /// transaction; states of objectives deleted meanwhile are dropped. Answers the states'
    /// revision right after.
    @discardableResult
    func saveAlertStates(_ records: [SLOAlertRecord]) async throws -> SLOAlertStatesRevision
    /// What changes whenever alert states are written or deleted by anyone, so that an evaluator
    /// that saved them last knows whether the states it holds are still those stored.
    func alertStatesRevision() async throws -> SLOAlertStatesRevision
}
