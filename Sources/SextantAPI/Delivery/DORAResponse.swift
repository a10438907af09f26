import Foundation

/// `GET /api/v1/dora`: DORA's four figures over a period, for a service, an owner (team) or
/// everything, each with its performance tier and the edition the tiers come from.
public struct DORAResponse: Codable, Sendable, Equatable {
    public var service: String?
    public var owner: String?
    public var from: Date
    public var to: Date
    public var deployments: Int
    public var deploymentsPerDay: Double
    /// The median, in seconds.
    public var leadTimeSeconds: Double?
    public var changeFailureRate: Double?
    public var failedChanges: Int
    /// The median, in seconds.
    public var recoverySeconds: Double?
    /// deploymentFrequency, leadTime, changeFailureRate, recoveryTime → elite, high, medium or low.
    public var tiers: [String: String]
    public var tiersEdition: String

    public init(service: String?, owner: String?, from: Date, to: Date, deployments: Int, deploymentsPerDay: Double, leadTimeSeconds: Double?,
                changeFailureRate: Double?, failedChanges: Int, recoverySeconds: Double?, tiers: [String: String], tiersEdition: String) {
        self.service = service
        self.owner = owner
        self.from = from
        self.to = to
        self.deployments = deployments
        self.deploymentsPerDay = deploymentsPerDay
        self.leadTimeSeconds = leadTimeSeconds
        self.changeFailureRate = changeFailureRate
        self.failedChanges = failedChanges
        self.recoverySeconds = recoverySeconds
        self.tiers = tiers
        self.tiersEdition = tiersEdition
    }
}
