import Foundation

/// A deployment's row: what was asked (``spec``, the request as JSON) and where it stands, kept
/// with every event so that lists need no replay.
public struct DeploymentRecord: Sendable, Equatable {
    public var id: String
    public var service: String
    public var version: String
    public var stableVersion: String?
    /// `canary`, `blueGreen` or `recorded`.
    public var strategy: String
    public var spec: String
    public var status: DeploymentStatus
    public var createdBy: String
    public var createdAt: Date
    /// Events stored so far; the next one is appended only if this is still the count.
    public var eventCount: Int

    public init(id: String, service: String, version: String, stableVersion: String?, strategy: String, spec: String,
                status: DeploymentStatus, createdBy: String, createdAt: Date, eventCount: Int = 0) {
        self.id = id
        self.service = service
        self.version = version
        self.stableVersion = stableVersion
        self.strategy = strategy
        self.spec = spec
        self.status = status
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.eventCount = eventCount
    }
}

/// Where a deployment stands, as lists show it.
public struct DeploymentStatus: Sendable, Equatable {
    public var phase: String
    public var rolledBack: Bool
    public var step: Int
    public var weight: Int
    /// Why it is paused or aborted.
    public var reason: String?
    /// Whether it still holds its service (nothing else may deploy it).
    public var active: Bool
    public var updatedAt: Date
    public var finishedAt: Date?

    public init(phase: String, rolledBack: Bool, step: Int, weight: Int, reason: String?, active: Bool, updatedAt: Date, finishedAt: Date?) {
        self.phase = phase
        self.rolledBack = rolledBack
        self.step = step
        self.weight = weight
        self.reason = reason
        self.active = active
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
    }
}

/// One stored event of a deployment's state machine (JSON).
public struct StoredDeploymentEvent: Sendable, Equatable {
    public var sequence: Int
    public var at: Date
    public var event: String

    public init(sequence: Int, at: Date, event: String) {
        self.sequence = sequence
        self.at = at
        self.event = event
    }
}

/// One stored analysis measurement: of metric `metric` in run `run` (the step's index, or -1
/// for the background analysis).
public struct StoredMeasurement: Sendable, Equatable {
    public var run: Int
    public var metric: Int
    public var sequence: Int
    public var at: Date
    public var value: Double?
    public var phase: String
    public var message: String?

    public init(run: Int, metric: Int, sequence: Int, at: Date, value: Double?, phase: String, message: String?) {
        self.run = run
        self.metric = metric
        self.sequence = sequence
        self.at = at
        self.value = value
        self.phase = phase
        self.message = message
    }
}

/// Which deployments to list, newest first.
public struct DeploymentQuery: Sendable, Equatable {
    public var service: String?
    public var phase: String?
    public var since: Date?
    public var until: Date?
    public var limit: Int

    public init(service: String? = nil, phase: String? = nil, since: Date? = nil, until: Date? = nil, limit: Int = 100) {
        self.service = service
        self.phase = phase
        self.since = since
        self.until = until
        self.limit = limit
    }
}
