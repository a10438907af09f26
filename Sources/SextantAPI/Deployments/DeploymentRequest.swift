import Foundation

/// A deployment to create (`POST /api/v1/deployments`), in JSON or YAML: the service, the new
/// version and the commits it carries; then either how Sextant drives it (a strategy, a traffic
/// provider and the analyses its steps name) or, with `recorded`, a release done elsewhere that
/// Sextant only records. Unknown fields are refused by name.
public struct DeploymentRequest: Codable, Sendable, Equatable {
    public var service: String
    public var version: String
    /// The version it replaces; by default the service's last successful deployment's.
    public var stableVersion: String?
    public var commits: [DeploymentCommit]?
    public var strategy: DeploymentStrategyDocument?
    public var traffic: TrafficProviderDocument?
    /// Analyses by name, as the steps refer to them.
    public var analyses: [String: AnalysisDocument]?
    /// How long a step may make no progress before the deployment fails and rolls back
    /// (default `10m`, at most `24h`).
    public var progressDeadline: String?
    /// A release done elsewhere, recorded as it ended.
    public var recorded: RecordedRelease?
    /// What must hold before it starts and before each increase of its traffic.
    public var gates: GatesDocument?

    public init(service: String, version: String, stableVersion: String? = nil, commits: [DeploymentCommit]? = nil,
                strategy: DeploymentStrategyDocument? = nil, traffic: TrafficProviderDocument? = nil,
                analyses: [String: AnalysisDocument]? = nil, progressDeadline: String? = nil, recorded: RecordedRelease? = nil) {
        self.service = service
        self.version = version
        self.stableVersion = stableVersion
        self.commits = commits
        self.strategy = strategy
        self.traffic = traffic
        self.analyses = analyses
        self.progressDeadline = progressDeadline
        self.recorded = recorded
    }
}

/// A commit a release carries, with when it was made (for lead time).
public struct DeploymentCommit: Codable, Sendable, Equatable {
    public var sha: String
    /// RFC 3339.
    public var time: String
    public var message: String?

    public init(sha: String, time: String, message: String? = nil) {
        self.sha = sha
        self.time = time
        self.message = message
    }
}

/// A release done elsewhere: when it started and ended, and whether it succeeded.
public struct RecordedRelease: Codable, Sendable, Equatable {
    /// RFC 3339; default: now.
    public var startedAt: String?
    /// RFC 3339; default: now.
    public var finishedAt: String?
    /// `succeeded` (default) or `failed`.
    public var outcome: String?

    public init(startedAt: String? = nil, finishedAt: String? = nil, outcome: String? = nil) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
    }
}

/// Exactly one of `canary`, `blueGreen` and `rolling`.
public struct DeploymentStrategyDocument: Codable, Sendable, Equatable {
    public var canary: CanaryDocument?
    public var blueGreen: BlueGreenDocument?
    public var rolling: RollingDocument?

    public init(canary: CanaryDocument? = nil, blueGreen: BlueGreenDocument? = nil, rolling: RollingDocument? = nil) {
        self.canary = canary
        self.blueGreen = blueGreen
        self.rolling = rolling
    }
}

/// A rolling release over `instances`, `batchSize` (or `batchPercent` %) at a time: each batch is
/// drained through the traffic provider, updated by the `update` program (run again with
/// `SEXTANT_ACTION=restore` to put instances back), health-checked and enabled again.
public struct RollingDocument: Codable, Sendable, Equatable {
    public var instances: [RollingInstanceDocument]
    public var batchSize: Int?
    public var batchPercent: Double?
    public var update: CommandTrafficDocument
    /// How long an updated instance has to answer its health check (default `30s`, at most `10m`).
    public var healthTimeout: String?

    public init(instances: [RollingInstanceDocument], batchSize: Int? = nil, batchPercent: Double? = nil, update: CommandTrafficDocument,
                healthTimeout: String? = nil) {
        self.instances = instances
        self.batchSize = batchSize
        self.batchPercent = batchPercent
        self.update = update
        self.healthTimeout = healthTimeout
    }
}

/// One instance: its name, its `host:port` (the server line nginx routes to) and its health URL.
public struct RollingInstanceDocument: Codable, Sendable, Equatable {
    public var name: String
    public var address: String?
    public var healthURL: String

    public init(name: String, address: String? = nil, healthURL: String) {
        self.name = name
        self.address = address
        self.healthURL = healthURL
    }
}

/// A canary's steps, as Argo Rollouts writes them, and an analysis that runs across them.
public struct CanaryDocument: Codable, Sendable, Equatable {
    /// Default: 10 → 25 → 50 → 100 %, each weight judged by `stepAnalysis` when given.
    public var steps: [CanaryStepDocument]?
    public var backgroundAnalysis: String?
    /// With the default steps: the analysis run after each weight.
    public var stepAnalysis: String?

    public init(steps: [CanaryStepDocument]? = nil, backgroundAnalysis: String? = nil, stepAnalysis: String? = nil) {
        self.steps = steps
        self.backgroundAnalysis = backgroundAnalysis
        self.stepAnalysis = stepAnalysis
    }
}

/// One step: exactly one of `setWeight`, `pause` and `analysis`.
public struct CanaryStepDocument: Codable, Sendable, Equatable {
    public var setWeight: Int?
    public var pause: PauseDocument?
    public var analysis: String?

    public init(setWeight: Int? = nil, pause: PauseDocument? = nil, analysis: String? = nil) {
        self.setWeight = setWeight
        self.pause = pause
        self.analysis = analysis
    }
}

/// A pause for `duration` (such as `30s`), or until promoted without one.
public struct PauseDocument: Codable, Sendable, Equatable {
    public var duration: String?

    public init(duration: String? = nil) {
        self.duration = duration
    }
}

public struct BlueGreenDocument: Codable, Sendable, Equatable {
    public var prePromotionAnalysis: String?
    public var postPromotionAnalysis: String?
    /// How long the old side is kept after the switch (default `30s`).
    public var scaleDownDelay: String?
    /// Whether the switch waits for `promote`.
    public var manualPromotion: Bool?

    public init(prePromotionAnalysis: String? = nil, postPromotionAnalysis: String? = nil, scaleDownDelay: String? = nil, manualPromotion: Bool? = nil) {
        self.prePromotionAnalysis = prePromotionAnalysis
        self.postPromotionAnalysis = postPromotionAnalysis
        self.scaleDownDelay = scaleDownDelay
        self.manualPromotion = manualPromotion
    }
}

/// Exactly one traffic provider.
public struct TrafficProviderDocument: Codable, Sendable, Equatable {
    public var nginx: NginxTrafficDocument?
    public var webhook: WebhookTrafficDocument?
    public var command: CommandTrafficDocument?

    public init(nginx: NginxTrafficDocument? = nil, webhook: WebhookTrafficDocument? = nil, command: CommandTrafficDocument? = nil) {
        self.nginx = nginx
        self.webhook = webhook
        self.command = command
    }
}

/// nginx in front of the service: Sextant writes `upstreamFile` (an `upstream` block named
/// `upstream` with the stable and canary servers weighted) and `markerFile` (a location that
/// answers the configuration's generation), tests the configuration, reloads nginx, and checks
/// `verifyURL` until it answers the new generation.
public struct NginxTrafficDocument: Codable, Sendable, Equatable {
    public var upstream: String
    public var upstreamFile: String
    public var markerFile: String
    public var verifyURL: String
    /// `host:port` of each stable server (a rolling release routes to its instances instead).
    public var stable: [String]?
    /// `host:port` of each canary server.
    public var canary: [String]?
    /// The nginx program (default `nginx`).
    public var binary: String?
    /// The main configuration file, passed as `-c` when given.
    public var configFile: String?
    /// The prefix, passed as `-p` when given.
    public var prefix: String?

    public init(upstream: String, upstreamFile: String, markerFile: String, verifyURL: String, stable: [String]? = nil, canary: [String]? = nil,
                binary: String? = nil, configFile: String? = nil, prefix: String? = nil) {
        self.upstream = upstream
        self.upstreamFile = upstreamFile
        self.markerFile = markerFile
        self.verifyURL = verifyURL
        self.stable = stable
        self.canary = canary
        self.binary = binary
        self.configFile = configFile
        self.prefix = prefix
    }
}

/// A POST to `url` for every traffic change; 2xx is success.
public struct WebhookTrafficDocument: Codable, Sendable, Equatable {
    public var url: String
    /// Default `10s`, at most `5m`.
    public var timeout: String?

    public init(url: String, timeout: String? = nil) {
        self.url = url
        self.timeout = timeout
    }
}

/// A program run for every traffic change, with the facts in `SEXTANT_*` environment variables;
/// exit status 0 is success.
public struct CommandTrafficDocument: Codable, Sendable, Equatable {
    public var path: String
    public var arguments: [String]?
    /// Default `30s`, at most `10m`.
    public var timeout: String?

    public init(path: String, arguments: [String]? = nil, timeout: String? = nil) {
        self.path = path
        self.arguments = arguments
        self.timeout = timeout
    }
}

/// An analysis: its metrics.
public struct AnalysisDocument: Codable, Sendable, Equatable {
    public var metrics: [AnalysisMetricDocument]

    public init(metrics: [AnalysisMetricDocument]) {
        self.metrics = metrics
    }
}

/// One metric, with Argo Rollouts' fields and an explicit rule for no data.
public struct AnalysisMetricDocument: Codable, Sendable, Equatable {
    public var name: String
    public var provider: MetricProviderDocument
    public var interval: String?
    public var count: Int?
    public var initialDelay: String?
    public var successCondition: String?
    public var failureCondition: String?
    public var failureLimit: Int?
    public var inconclusiveLimit: Int?
    public var consecutiveErrorLimit: Int?
    public var dryRun: Bool?
    public var minimumRequests: Int?
    /// `inconclusive` (default), `fail` or `pass`.
    public var noData: String?

    public init(name: String, provider: MetricProviderDocument, interval: String? = nil, count: Int? = nil, initialDelay: String? = nil,
                successCondition: String? = nil, failureCondition: String? = nil, failureLimit: Int? = nil, inconclusiveLimit: Int? = nil,
                consecutiveErrorLimit: Int? = nil, dryRun: Bool? = nil, minimumRequests: Int? = nil, noData: String? = nil) {
        self.name = name
        self.provider = provider
        self.interval = interval
        self.count = count
        self.initialDelay = initialDelay
        self.successCondition = successCondition
        self.failureCondition = failureCondition
        self.failureLimit = failureLimit
        self.inconclusiveLimit = inconclusiveLimit
        self.consecutiveErrorLimit = consecutiveErrorLimit
        self.dryRun = dryRun
        self.minimumRequests = minimumRequests
        self.noData = noData
    }
}

/// Exactly one metric provider.
public struct MetricProviderDocument: Codable, Sendable, Equatable {
    public var red: REDMetricDocument?
    public var comparison: REDMetricDocument?
    public var prometheus: PrometheusMetricDocument?
    public var web: WebMetricDocument?

    public init(red: REDMetricDocument? = nil, comparison: REDMetricDocument? = nil, prometheus: PrometheusMetricDocument? = nil, web: WebMetricDocument? = nil) {
        self.red = red
        self.comparison = comparison
        self.prometheus = prometheus
        self.web = web
    }
}

/// Sextant's RED of the new version's requests over the last `window`: `errorRatio`,
/// `serverErrorRatio` or `latency` (its `quantile`, in seconds). As a `comparison`, the new
/// version's figure against the stable version's over the same minutes: ratios as the
/// difference in percentage points, latency as percent slower.
public struct REDMetricDocument: Codable, Sendable, Equatable {
    public var measure: String
    public var quantile: Double?
    /// Default `1m`, at most `1h`.
    public var window: String?
    /// Only the requests to this operation (a server or consumer span's name), such as `POST /checkout`.
    public var operation: String?

    public init(measure: String, quantile: Double? = nil, window: String? = nil, operation: String? = nil) {
        self.measure = measure
        self.quantile = quantile
        self.window = window
        self.operation = operation
    }
}

/// A PromQL query through Sextant's Prometheus; the first sample's value.
public struct PrometheusMetricDocument: Codable, Sendable, Equatable {
    public var query: String

    public init(query: String) {
        self.query = query
    }
}

/// An HTTP GET answering JSON; the number at `jsonPath` (dot-separated keys and indexes).
public struct WebMetricDocument: Codable, Sendable, Equatable {
    public var url: String
    public var jsonPath: String?
    public var timeout: String?

    public init(url: String, jsonPath: String? = nil, timeout: String? = nil) {
        self.url = url
        self.jsonPath = jsonPath
        self.timeout = timeout
    }
}

/// A person's action on a deployment (`PUT /api/v1/deployments/{id}`).
public struct DeploymentActionRequest: Codable, Sendable, Equatable {
    /// `promote`, `promoteFully`, `pause`, `resume` or `abort`.
    public var action: String
    public var reason: String?

    public init(action: String, reason: String? = nil) {
        self.action = action
        self.reason = reason
    }
}

/// The gates of a deployment; a gate that holds makes it wait (phase `waiting`), never roll back.
public struct GatesDocument: Codable, Sendable, Equatable {
    public var budget: BudgetGateDocument?
    public var noIncident: NoIncidentGateDocument?
    public var freeze: FreezeGateDocument?
    public var approval: ApprovalGateDocument?

    public init(budget: BudgetGateDocument? = nil, noIncident: NoIncidentGateDocument? = nil, freeze: FreezeGateDocument? = nil,
                approval: ApprovalGateDocument? = nil) {
        self.budget = budget
        self.noIncident = noIncident
        self.freeze = freeze
        self.approval = approval
    }
}

/// At least `minimumPercent` of the error budget left, no page-severity burn: for the service's
/// objectives (only those listed in `objectives`, when given) and, with `dependencies`, every
/// hard dependency's.
public struct BudgetGateDocument: Codable, Sendable, Equatable {
    public var minimumPercent: Double
    public var dependencies: Bool?
    public var objectives: [String]?

    public init(minimumPercent: Double, dependencies: Bool? = nil, objectives: [String]? = nil) {
        self.minimumPercent = minimumPercent
        self.dependencies = dependencies
        self.objectives = objectives
    }
}

/// No firing alert on the service, nor (when asked) on its hard dependencies or dependants.
public struct NoIncidentGateDocument: Codable, Sendable, Equatable {
    public var dependencies: Bool?
    public var dependants: Bool?

    public init(dependencies: Bool? = nil, dependants: Bool? = nil) {
        self.dependencies = dependencies
        self.dependants = dependants
    }
}

/// Not inside any of the routing configuration's `timeIntervals` named here, unless an operator
/// overrides with a reason (`POST /api/v1/deployments/{id}/override`).
public struct FreezeGateDocument: Codable, Sendable, Equatable {
    public var timeIntervals: [String]

    public init(timeIntervals: [String]) {
        self.timeIntervals = timeIntervals
    }
}

/// A person whose role is at least `role` (default `operator`) approves
/// (`POST /api/v1/deployments/{id}/approve`); without one within `timeout`, it aborts.
public struct ApprovalGateDocument: Codable, Sendable, Equatable {
    public var role: String?
    public var timeout: String?

    public init(role: String? = nil, timeout: String? = nil) {
        self.role = role
        self.timeout = timeout
    }
}

/// `POST /api/v1/deployments/{id}/override`: why a freeze is overridden.
public struct FreezeOverrideRequest: Codable, Sendable, Equatable {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }
}
