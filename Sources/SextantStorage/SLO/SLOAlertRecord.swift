import Foundation
import SextantCore

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
