import Foundation

/// `GET /api/v1/slos/{id}/feasibility`: the best availability the service's hard dependencies allow.
public struct SLOFeasibilityResponse: Codable, Sendable {
    public struct Factor: Codable, Sendable {
        public let name: String
        public let availabilityPercent: Double?
        public let source: String
        public let path: [String]
        public let limiting: Bool

        public init(name: String, availabilityPercent: Double?, source: String, path: [String], limiting: Bool) {
            self.name = name
            self.availabilityPercent = availabilityPercent
            self.source = source
            self.path = path
            self.limiting = limiting
        }
    }

    public let id: String
    public let service: String
    public let objective: Double
    public let maximumAchievablePercent: Double
    public let feasible: Bool
    public let dependencies: [Factor]
    public let boundedBy: [String]
    public let warning: String?

    public init(
        id: String, service: String, objective: Double, maximumAchievablePercent: Double, feasible: Bool,
        dependencies: [Factor], boundedBy: [String], warning: String?
    ) {
        self.id = id
        self.service = service
        self.objective = objective
        self.maximumAchievablePercent = maximumAchievablePercent
        self.feasible = feasible
        self.dependencies = dependencies
        self.boundedBy = boundedBy
        self.warning = warning
    }
}
