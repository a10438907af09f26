import Foundation

/// One release as DORA counts it: when it started and reached production, the commits it
/// carried, and whether (and when) it failed and recovered.
public struct ReleaseOutcome: Sendable, Equatable {
    public var service: String
    public var owner: String?
    public var startedAt: Date
    /// When it reached all of production (a successful release's end); `nil` if it never did.
    public var deployedAt: Date?
    public var commitTimes: [Date]
    /// When it failed after taking traffic (aborted, or rolled back after it succeeded); `nil` if it did not.
    public var failedAt: Date?
    /// When the traffic was back on the old version after the failure.
    public var recoveredAt: Date?

    public init(service: String, owner: String? = nil, startedAt: Date, deployedAt: Date?, commitTimes: [Date] = [],
                failedAt: Date? = nil, recoveredAt: Date? = nil) {
        self.service = service
        self.owner = owner
        self.startedAt = startedAt
        self.deployedAt = deployedAt
        self.commitTimes = commitTimes
        self.failedAt = failedAt
        self.recoveredAt = recoveredAt
    }
}

/// A page-severity alert on a service, as DORA's failure rule reads it.
public struct PageAlert: Sendable, Equatable {
    public var service: String
    public var startsAt: Date
    public var resolvedAt: Date?
    /// Whether a root cause elsewhere in the graph explains it (then it is not the release's failure).
    public var explainedElsewhere: Bool

    public init(service: String, startsAt: Date, resolvedAt: Date?, explainedElsewhere: Bool = false) {
        self.service = service
        self.startsAt = startsAt
        self.resolvedAt = resolvedAt
        self.explainedElsewhere = explainedElsewhere
    }
}
