import Foundation

/// `GET /api/v1/slos/{id}/status`.
public struct SLOStatusResponse: Codable, Sendable {
    public struct Events: Codable, Sendable {
        public let good: Double
        public let bad: Double
        public let total: Double

        public init(good: Double, bad: Double, total: Double) {
            self.good = good
            self.bad = bad
            self.total = total
        }
    }

    public struct Budget: Codable, Sendable {
        public let allowedBadEvents: Double
        public let consumedBadEvents: Double
        public let remainingBadEvents: Double
        public let remainingPercent: Double
        public let consumedPercent: Double

        public init(
            allowedBadEvents: Double, consumedBadEvents: Double, remainingBadEvents: Double,
            remainingPercent: Double, consumedPercent: Double
        ) {
            self.allowedBadEvents = allowedBadEvents
            self.consumedBadEvents = consumedBadEvents
            self.remainingBadEvents = remainingBadEvents
            self.remainingPercent = remainingPercent
            self.consumedPercent = consumedPercent
        }
    }

    public struct Condition: Codable, Sendable {
        public let name: String
        public let severity: String
        public let active: Bool
        public let value: Double?

        public init(name: String, severity: String, active: Bool, value: Double?) {
            self.name = name
            self.severity = severity
            self.active = active
            self.value = value
        }
    }

    public let id: String
    public let service: String
    public let objective: Double
    public let window: String
    public let state: String
    public let evaluatedAt: Date
    public let windowStart: Date
    public let windowEnd: Date
    public let sli: Double?
    public let events: Events
    public let errorBudget: Budget
    public let burnRates: [String: Double?]
    public let timeToExhaustionSeconds: Double?
    public let conditions: [Condition]

    public init(
        id: String, service: String, objective: Double, window: String, state: String, evaluatedAt: Date,
        windowStart: Date, windowEnd: Date, sli: Double?, events: Events, errorBudget: Budget,
        burnRates: [String: Double?], timeToExhaustionSeconds: Double?, conditions: [Condition]
    ) {
        self.id = id
        self.service = service
        self.objective = objective
        self.window = window
        self.state = state
        self.evaluatedAt = evaluatedAt
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.sli = sli
        self.events = events
        self.errorBudget = errorBudget
        self.burnRates = burnRates
        self.timeToExhaustionSeconds = timeToExhaustionSeconds
        self.conditions = conditions
    }
}
