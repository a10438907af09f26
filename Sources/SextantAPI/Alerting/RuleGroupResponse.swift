import Foundation
import SextantCore

/// A rule group with its rules' states, as `GET /api/v1/rules` shows it.
public struct RuleGroupResponse: Codable, Sendable {
    public struct RuleAlertResponse: Codable, Sendable {
        public var labels: LabelSet
        public var annotations: [String: String]
        public var state: String
        public var activeAt: Date
        public var firedAt: Date?
        public var resolvedAt: Date?
        public var keepFiringSince: Date?
        public var value: Double

        public init(
            labels: LabelSet, annotations: [String: String], state: String, activeAt: Date, firedAt: Date?,
            resolvedAt: Date?, keepFiringSince: Date?, value: Double
        ) {
            self.labels = labels
            self.annotations = annotations
            self.state = state
            self.activeAt = activeAt
            self.firedAt = firedAt
            self.resolvedAt = resolvedAt
            self.keepFiringSince = keepFiringSince
            self.value = value
        }
    }

    public struct RuleResponse: Codable, Sendable {
        public var name: String
        public var query: String
        public var duration: Double
        public var keepFiringFor: Double
        public var labels: [String: String]
        public var annotations: [String: String]
        public var health: String
        public var lastError: String?
        /// The most advanced state among its alerts.
        public var state: String
        public var alerts: [RuleAlertResponse]

        public init(
            name: String, query: String, duration: Double, keepFiringFor: Double, labels: [String: String],
            annotations: [String: String], health: String, lastError: String?, state: String, alerts: [RuleAlertResponse]
        ) {
            self.name = name
            self.query = query
            self.duration = duration
            self.keepFiringFor = keepFiringFor
            self.labels = labels
            self.annotations = annotations
            self.health = health
            self.lastError = lastError
            self.state = state
            self.alerts = alerts
        }
    }

    public var name: String
    public var interval: Double
    public var limit: Int
    public var origin: String
    public var file: String?
    public var lastEvaluation: Date?
    public var evaluationTime: Double
    public var rules: [RuleResponse]

    public init(
        name: String, interval: Double, limit: Int, origin: String, file: String?, lastEvaluation: Date?,
        evaluationTime: Double, rules: [RuleResponse]
    ) {
        self.name = name
        self.interval = interval
        self.limit = limit
        self.origin = origin
        self.file = file
        self.lastEvaluation = lastEvaluation
        self.evaluationTime = evaluationTime
        self.rules = rules
    }
}
