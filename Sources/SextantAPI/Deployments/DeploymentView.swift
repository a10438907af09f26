import Foundation
import SextantCore

/// A deployment as the API shows it: where it stands and, for one deployment, every event and
/// every analysis measurement.
public struct DeploymentView: Codable, Sendable, Equatable {
    public struct Event: Codable, Sendable, Equatable {
        public var at: Date
        public var message: String

        public init(at: Date, message: String) {
            self.at = at
            self.message = message
        }
    }

    public struct Measurement: Codable, Sendable, Equatable {
        /// The analysis's name; `background` runs across steps.
        public var analysis: String
        /// The step whose analysis it is; `nil` for the background analysis.
        public var step: Int?
        public var metric: String
        public var at: Date
        public var value: Double?
        /// successful, failed, inconclusive or error.
        public var phase: String
        public var message: String?

        public init(analysis: String, step: Int?, metric: String, at: Date, value: Double?, phase: String, message: String?) {
            self.analysis = analysis
            self.step = step
            self.metric = metric
            self.at = at
            self.value = value
            self.phase = phase
            self.message = message
        }
    }

    public var id: String
    public var service: String
    public var version: String
    public var stableVersion: String?
    /// canary, blueGreen or recorded.
    public var strategy: String
    /// pending, progressing, paused, succeeded, aborted (or failed, for a recorded release).
    public var phase: String
    /// Aborted with the traffic back on the stable version.
    public var rolledBack: Bool
    public var step: Int
    public var stepCount: Int
    /// Percent of the traffic on the new version, as last verified.
    public var weight: Int
    /// Why it is paused or aborted.
    public var reason: String?
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date
    public var finishedAt: Date?
    public var commits: [DeploymentCommit]?
    public var events: [Event]?
    public var measurements: [Measurement]?
    /// Every evaluation of its gates, runs of the same outcome folded (the newest 50 runs).
    public var gateEvaluations: [GateEvaluation]?

    public init(id: String, service: String, version: String, stableVersion: String?, strategy: String, phase: String, rolledBack: Bool,
                step: Int, stepCount: Int, weight: Int, reason: String?, createdBy: String, createdAt: Date, updatedAt: Date,
                finishedAt: Date?, commits: [DeploymentCommit]? = nil, events: [Event]? = nil, measurements: [Measurement]? = nil) {
        self.id = id
        self.service = service
        self.version = version
        self.stableVersion = stableVersion
        self.strategy = strategy
        self.phase = phase
        self.rolledBack = rolledBack
        self.step = step
        self.stepCount = stepCount
        self.weight = weight
        self.reason = reason
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
        self.commits = commits
        self.events = events
        self.measurements = measurements
    }
}

/// `GET /api/v1/deployments`, newest first.
public struct DeploymentList: Codable, Sendable, Equatable {
    public var deployments: [DeploymentView]

    public init(deployments: [DeploymentView]) {
        self.deployments = deployments
    }
}
