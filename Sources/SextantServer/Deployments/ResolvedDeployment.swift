import Foundation
import SextantAPI
import SextantCore

/// A deployment request checked and turned into what runs it: the strategy's plan, the traffic
/// provider, each analysis's metrics with where they are measured, and the deadline. Every
/// bound is checked here, so that a stored deployment can always be run.
struct ResolvedDeployment: Sendable {
    enum Strategy: Sendable {
        case canary(CanaryPlan, background: String?)
        case blueGreen(BlueGreenPlan)
        case rolling(Rolling)
        case recorded(RecordedRelease)

        var name: String {
            switch self {
            case .canary: return "canary"
            case .blueGreen: return "blueGreen"
            case .rolling: return "rolling"
            case .recorded: return "recorded"
            }
        }
    }

    /// A rolling release's plan, and what it needs to act on instances.
    struct Rolling: Sendable {
        var plan: RollingPlan
        var instances: [RollingInstanceDocument]
        var update: (path: String, arguments: [String], timeout: Double)
        var healthTimeout: Double

        /// The `host:port` of the instances named.
        func addresses(of names: [String]) -> [String] {
            instances.filter { names.contains($0.name) }.compactMap(\.address)
        }
    }

    enum Traffic: Sendable {
        case nginx(NginxTrafficDocument)
        case webhook(URL, timeout: Double)
        case command(path: String, arguments: [String], timeout: Double)
    }

    enum MetricSource: Sendable {
        case red(REDMeasure, window: Double, operation: String? = nil)
        case comparison(REDMeasure, window: Double, operation: String? = nil)
        case prometheus(String)
        case web(URL, path: [String], timeout: Double)
    }

    enum REDMeasure: Sendable, Equatable {
        case errorRatio
        case serverErrorRatio
        case latency(quantile: Double)
    }

    struct Metric: Sendable {
        var rule: AnalysisMetric
        var source: MetricSource
    }

    static let maximumNameLength = 256
    static let maximumCommits = 1_000
    static let maximumAnalyses = 20
    static let maximumMetrics = 20
    static let defaultProgressDeadline = 600.0

    let request: DeploymentRequest
    let strategy: Strategy
    let traffic: Traffic?
    let analyses: [String: [Metric]]
    let progressDeadline: Double
    let commits: [(sha: String, time: Date)]
    let gates: DeploymentGates
    /// The objectives the budget gate is limited to, when it names them.
    let gateObjectives: [String]?

    /// The canary plan the strategy runs as (blue-green is a canary of 0 and 100 %).
    var canaryPlan: CanaryPlan? {
        switch strategy {
        case .canary(let plan, _): return plan
        case .blueGreen(let plan): return plan.canaryPlan
        case .rolling, .recorded: return nil
        }
    }

    var backgroundAnalysis: String? {
        if case .canary(_, let background) = strategy { return background }
        return nil
    }

    init(_ request: DeploymentRequest) throws {
        self.request = request
        try Self.checkName(request.service, field: "service")
        try Self.checkName(request.version, field: "version")
        if let stable = request.stableVersion { try Self.checkName(stable, field: "stableVersion") }
        let commits = request.commits ?? []
        guard commits.count <= Self.maximumCommits else {
            throw ValidationError(message: "a deployment carries at most \(Self.maximumCommits) commits", field: "commits")
        }
        self.commits = try commits.enumerated().map { index, commit in
            guard (1...64).contains(commit.sha.count), commit.sha.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw ValidationError(message: "a commit is named by 1 to 64 letters and digits", field: "commits[\(index)].sha")
            }
            guard let time = GoTime.parse(commit.time) else {
                throw ValidationError(code: "invalid_time", message: "\(Quoted.prefix(commit.time)) is not an RFC 3339 time", field: "commits[\(index)].time")
            }
            if let message = commit.message, message.count > 1_000 {
                throw ValidationError(message: "a commit message is at most 1000 characters", field: "commits[\(index)].message")
            }
            return (commit.sha, time)
        }
        let deadline = try DurationText.seconds(request.progressDeadline, field: "progressDeadline") ?? Self.defaultProgressDeadline
        guard deadline >= 10, deadline <= 86_400 else {
            throw ValidationError(message: "the progress deadline is 10s to 24h", field: "progressDeadline")
        }
        self.progressDeadline = deadline
        (gates, gateObjectives) = try Self.gates(request.gates)

        if let recorded = request.recorded {
            guard request.strategy == nil, request.traffic == nil, request.analyses == nil, request.gates == nil else {
                throw ValidationError(message: "a recorded release has no strategy, traffic or analyses: Sextant did not drive it", field: "recorded")
            }
            for (value, field) in [(recorded.startedAt, "recorded.startedAt"), (recorded.finishedAt, "recorded.finishedAt")] {
                if let value, GoTime.parse(value) == nil {
                    throw ValidationError(code: "invalid_time", message: "\(Quoted.prefix(value)) is not an RFC 3339 time", field: field)
                }
            }
            guard ["succeeded", "failed", nil].contains(recorded.outcome) else {
                throw ValidationError(code: "invalid_enum", message: "a recorded outcome is succeeded or failed", field: "recorded.outcome")
            }
            strategy = .recorded(recorded)
            traffic = nil
            analyses = [:]
            return
        }

        var analyses: [String: [Metric]] = [:]
        let documents = request.analyses ?? [:]
        guard documents.count <= Self.maximumAnalyses else {
            throw ValidationError(message: "a deployment has at most \(Self.maximumAnalyses) analyses", field: "analyses")
        }
        for name in documents.keys.sorted() {
            try Self.checkName(name, field: "analyses")
            analyses[name] = try Self.metrics(of: documents[name]!, field: "analyses.\(name)")
        }
        self.analyses = analyses
        let known = Set(analyses.keys)

        guard let document = request.strategy else {
            throw ValidationError(message: "give a strategy (canary or blueGreen), or recorded for a release done elsewhere", field: "strategy")
        }
        switch (document.canary, document.blueGreen, document.rolling) {
        case (let canary?, nil, nil):
            let plan: CanaryPlan
            if let steps = canary.steps {
                plan = CanaryPlan(steps: try steps.enumerated().map { try Self.step($1, field: "strategy.canary.steps[\($0)]") })
            } else if let analysis = canary.stepAnalysis {
                plan = CanaryPlan.seed(analysis: analysis)
            } else {
                plan = CanaryPlan(steps: [10, 25, 50, 100].map { CanaryStep.setWeight($0) })
            }
            do {
                try plan.validate(unattended: false, analyses: known)
            } catch var error as ValidationError {
                error.field = error.field.map { FieldPath.join("strategy.canary", $0) }
                throw error
            }
            for (name, field) in [(canary.backgroundAnalysis, "strategy.canary.backgroundAnalysis"), (canary.stepAnalysis, "strategy.canary.stepAnalysis")] {
                if let name, !known.contains(name) {
                    throw ValidationError(message: "no analysis is named \(Quoted.prefix(name))", field: field)
                }
            }
            strategy = .canary(plan, background: canary.backgroundAnalysis)
        case (nil, let blueGreen?, nil):
            let delay = try DurationText.seconds(blueGreen.scaleDownDelay, field: "strategy.blueGreen.scaleDownDelay") ?? BlueGreenPlan.defaultScaleDownDelay
            guard delay <= 86_400 else { throw ValidationError(message: "the scale-down delay is at most 24h", field: "strategy.blueGreen.scaleDownDelay") }
            for (name, field) in [(blueGreen.prePromotionAnalysis, "strategy.blueGreen.prePromotionAnalysis"),
                                  (blueGreen.postPromotionAnalysis, "strategy.blueGreen.postPromotionAnalysis")] {
                if let name, !known.contains(name) {
                    throw ValidationError(message: "no analysis is named \(Quoted.prefix(name))", field: field)
                }
            }
            strategy = .blueGreen(BlueGreenPlan(prePromotionAnalysis: blueGreen.prePromotionAnalysis, postPromotionAnalysis: blueGreen.postPromotionAnalysis,
                                                scaleDownDelay: delay, manualPromotion: blueGreen.manualPromotion ?? false))
        case (nil, nil, let rolling?):
            strategy = .rolling(try Self.rolling(rolling))
        default:
            throw ValidationError(message: "give exactly one strategy: canary, blueGreen or rolling", field: "strategy")
        }
        guard let traffic = request.traffic else {
            throw ValidationError(message: "give a traffic provider: nginx, webhook or command", field: "traffic")
        }
        self.traffic = try Self.traffic(traffic, rolling: document.rolling != nil)
        if case .rolling(let rolling) = strategy, case .nginx? = self.traffic,
           let index = rolling.instances.firstIndex(where: { $0.address == nil }) {
            throw ValidationError(message: "with nginx, every instance needs its address", field: "strategy.rolling.instances[\(index)].address")
        }
    }

    static func rolling(_ document: RollingDocument) throws -> Rolling {
        let field = "strategy.rolling"
        guard (1...RollingPlan.maximumInstances).contains(document.instances.count) else {
            throw ValidationError(message: "a rolling release has 1 to \(RollingPlan.maximumInstances) instances", field: "\(field).instances")
        }
        var names = Set<String>()
        for (index, instance) in document.instances.enumerated() {
            try checkName(instance.name, field: "\(field).instances[\(index)].name")
            guard names.insert(instance.name).inserted, !instance.name.contains(" ") else {
                throw ValidationError(message: "instance names are unique and have no spaces", field: "\(field).instances[\(index)].name")
            }
            if let address = instance.address, !NginxUpstream.isServerAddress(address) {
                throw ValidationError(message: "\(Quoted.prefix(address)) is not host:port", field: "\(field).instances[\(index)].address")
            }
            _ = try url(instance.healthURL, field: "\(field).instances[\(index)].healthURL")
        }
        let size: Int
        switch (document.batchSize, document.batchPercent) {
        case (let count?, nil):
            guard (1...RollingPlan.maximumInstances).contains(count) else {
                throw ValidationError(message: "a batch has 1 to \(RollingPlan.maximumInstances) instances", field: "\(field).batchSize")
            }
            size = count
        case (nil, let percent?):
            guard percent > 0, percent <= 100 else { throw ValidationError(message: "a batch is more than 0 and at most 100 %", field: "\(field).batchPercent") }
            size = RollingPlan.batchSize(percent: percent, of: document.instances.count)
        case (nil, nil):
            size = 1
        default:
            throw ValidationError(message: "give batchSize or batchPercent, not both", field: "\(field).batchPercent")
        }
        guard case .command(let path, let arguments, let timeout) = try traffic(TrafficProviderDocument(command: document.update), rolling: true) else {
            throw ValidationError(message: "the update is a command", field: "\(field).update")
        }
        let health = try DurationText.seconds(document.healthTimeout, field: "\(field).healthTimeout") ?? 30
        guard health >= 1, health <= 600 else { throw ValidationError(message: "a health timeout is 1s to 10m", field: "\(field).healthTimeout") }
        return Rolling(plan: RollingPlan(instances: document.instances.map(\.name), batchSize: size), instances: document.instances,
                       update: (path, arguments, timeout), healthTimeout: health)
    }

    static func gates(_ document: GatesDocument?, field root: String = "gates") throws -> (DeploymentGates, [String]?) {
        guard let document else { return (DeploymentGates(), nil) }
        var gates = DeploymentGates()
        var objectives: [String]?
        if let budget = document.budget {
            guard budget.minimumPercent >= 0, budget.minimumPercent <= 100 else {
                throw ValidationError(message: "minimumPercent is 0 to 100", field: "\(root).budget.minimumPercent")
            }
            if let listed = budget.objectives {
                guard (1...100).contains(listed.count) else { throw ValidationError(message: "name 1 to 100 objectives", field: "\(root).budget.objectives") }
                objectives = listed
            }
            gates.budget = .init(minimumPercent: budget.minimumPercent, dependencies: budget.dependencies ?? false)
        }
        if let incident = document.noIncident {
            gates.noIncident = .init(dependencies: incident.dependencies ?? false, dependants: incident.dependants ?? false)
        }
        if let freeze = document.freeze {
            guard (1...20).contains(freeze.timeIntervals.count) else {
                throw ValidationError(message: "name 1 to 20 time intervals", field: "\(root).freeze.timeIntervals")
            }
            gates.freezes = freeze.timeIntervals
        }
        if let approval = document.approval {
            let roleText = approval.role ?? Role.operator.rawValue
            guard let role = Role(rawValue: roleText), role != .ingest else {
                throw ValidationError(code: "invalid_enum", message: "an approval needs viewer, responder, operator or admin, not \(Quoted.prefix(roleText))",
                                      field: "\(root).approval.role")
            }
            let timeout = try DurationText.seconds(approval.timeout, field: "\(root).approval.timeout")
            if let timeout, !(1...(7 * 86_400)).contains(timeout) {
                throw ValidationError(message: "an approval timeout is 1s to 7d", field: "\(root).approval.timeout")
            }
            gates.approval = .init(role: role, timeout: timeout)
        }
        return (gates, objectives)
    }

    /// An approval, resolved as a deployment's gates resolve it (fields under `root`): for a
    /// workflow's approval step.
    static func approval(_ document: ApprovalGateDocument, field root: String = "gates") throws -> DeploymentGates.Approval {
        try gates(GatesDocument(approval: document), field: root).0.approval!
    }

    static func checkName(_ text: String, field: String) throws {
        guard (1...maximumNameLength).contains(text.count), !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ValidationError(message: "\(field) is 1 to \(maximumNameLength) printable characters", field: field)
        }
    }

    static func step(_ document: CanaryStepDocument, field: String) throws -> CanaryStep {
        switch (document.setWeight, document.pause, document.analysis) {
        case (let weight?, nil, nil): return .setWeight(weight)
        case (nil, let pause?, nil):
            return .pause(seconds: try DurationText.seconds(pause.duration, field: "\(field).pause.duration"))
        case (nil, nil, let analysis?): return .analysis(analysis)
        default: throw ValidationError(message: "a step is exactly one of setWeight, pause and analysis", field: field)
        }
    }

    static func traffic(_ document: TrafficProviderDocument, rolling: Bool) throws -> Traffic {
        switch (document.nginx, document.webhook, document.command) {
        case (let nginx?, nil, nil):
            let field = "traffic.nginx"
            try checkName(nginx.upstream, field: "\(field).upstream")
            guard nginx.upstream.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw ValidationError(message: "an upstream name is letters, digits, - and _", field: "\(field).upstream")
            }
            for (path, name) in [(nginx.upstreamFile, "upstreamFile"), (nginx.markerFile, "markerFile")] {
                guard path.hasPrefix("/"), path.count <= 4_096 else {
                    throw ValidationError(message: "\(name) is an absolute path", field: "\(field).\(name)")
                }
            }
            for (listed, name) in [(nginx.stable, "stable"), (nginx.canary, "canary")] {
                let servers = listed ?? []
                guard (1...100).contains(servers.count) || (rolling && servers.isEmpty) else {
                    throw ValidationError(message: "\(name) lists 1 to 100 servers", field: "\(field).\(name)")
                }
                for (index, server) in servers.enumerated() where !NginxUpstream.isServerAddress(server) {
                    throw ValidationError(message: "\(Quoted.prefix(server)) is not host:port", field: "\(field).\(name)[\(index)]")
                }
            }
            _ = try url(nginx.verifyURL, field: "\(field).verifyURL")
            return .nginx(nginx)
        case (nil, let webhook?, nil):
            let timeout = try DurationText.seconds(webhook.timeout, field: "traffic.webhook.timeout") ?? 10
            guard timeout > 0, timeout <= 300 else { throw ValidationError(message: "a webhook timeout is at most 5m", field: "traffic.webhook.timeout") }
            return .webhook(try url(webhook.url, field: "traffic.webhook.url"), timeout: timeout)
        case (nil, nil, let command?):
            guard command.path.hasPrefix("/"), command.path.count <= 4_096 else {
                throw ValidationError(message: "a command is an absolute path", field: "traffic.command.path")
            }
            let arguments = command.arguments ?? []
            guard arguments.count <= 100, arguments.allSatisfy({ $0.utf8.count <= 4_096 }) else {
                throw ValidationError(message: "a command has at most 100 arguments of 4096 bytes", field: "traffic.command.arguments")
            }
            let timeout = try DurationText.seconds(command.timeout, field: "traffic.command.timeout") ?? 30
            guard timeout > 0, timeout <= 600 else { throw ValidationError(message: "a command timeout is at most 10m", field: "traffic.command.timeout") }
            return .command(path: command.path, arguments: arguments, timeout: timeout)
        default:
            throw ValidationError(message: "give exactly one traffic provider: nginx, webhook or command", field: "traffic")
        }
    }

    static func url(_ text: String, field: String) throws -> URL {
        guard text.count <= 2_048, let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false else {
            throw ValidationError(message: "\(Quoted.prefix(text)) is not an http or https URL", field: field)
        }
        // A deployment is stored as asked: credentials in its URLs would sit in the database in plain text.
        guard url.user == nil, url.password == nil else {
            throw ValidationError(code: "credentials_in_url", message: "a URL here may not carry credentials (user:password@): they would be stored in plain text",
                                  field: field)
        }
        let policy = SecretKeyPolicy()
        if let name = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.map(\.name).first(where: policy.saysSecret) {
            throw ValidationError(code: "credentials_in_url", message: "the query parameter \(Quoted.prefix(name)) says it holds a secret, which would be stored "
                                  + "in plain text; let the receiver authenticate Sextant otherwise", field: field)
        }
        return url
    }

    static func metrics(of analysis: AnalysisDocument, field: String) throws -> [Metric] {
        guard (1...maximumMetrics).contains(analysis.metrics.count) else {
            throw ValidationError(message: "an analysis has 1 to \(maximumMetrics) metrics", field: "\(field).metrics")
        }
        return try analysis.metrics.enumerated().map { index, document in
            try metric(document, field: "\(field).metrics[\(index)]")
        }
    }

    static func metric(_ document: AnalysisMetricDocument, field: String) throws -> Metric {
        try checkName(document.name, field: "\(field).name")
        func duration(_ text: String?, _ name: String, within range: ClosedRange<Double>) throws -> Double? {
            guard let value = try DurationText.seconds(text, field: "\(field).\(name)") else { return nil }
            guard range.contains(value) else {
                throw ValidationError(message: "\(name) is \(DurationText.format(seconds: range.lowerBound)) to \(DurationText.format(seconds: range.upperBound))", field: "\(field).\(name)")
            }
            return value
        }
        func limit(_ value: Int?, _ name: String, within range: ClosedRange<Int>) throws -> Int? {
            guard let value else { return nil }
            guard range.contains(value) else { throw ValidationError(message: "\(name) is \(range.lowerBound) to \(range.upperBound)", field: "\(field).\(name)") }
            return value
        }
        let noData: NoDataPolicy
        if let text = document.noData {
            guard let policy = NoDataPolicy(rawValue: text) else {
                throw ValidationError(code: "invalid_enum", message: "noData is inconclusive, fail or pass", field: "\(field).noData")
            }
            noData = policy
        } else {
            noData = .inconclusive
        }
        let rule = AnalysisMetric(
            name: document.name,
            interval: try duration(document.interval, "interval", within: 1...3_600),
            count: try limit(document.count, "count", within: 1...1_000),
            initialDelay: try duration(document.initialDelay, "initialDelay", within: 0...3_600) ?? 0,
            successCondition: try document.successCondition.map { try AnalysisCondition.parse($0, field: "\(field).successCondition") },
            failureCondition: try document.failureCondition.map { try AnalysisCondition.parse($0, field: "\(field).failureCondition") },
            failureLimit: try limit(document.failureLimit, "failureLimit", within: 0...1_000) ?? 0,
            inconclusiveLimit: try limit(document.inconclusiveLimit, "inconclusiveLimit", within: 0...1_000) ?? 0,
            consecutiveErrorLimit: try limit(document.consecutiveErrorLimit, "consecutiveErrorLimit", within: 0...1_000) ?? 4,
            dryRun: document.dryRun ?? false,
            minimumRequests: try limit(document.minimumRequests, "minimumRequests", within: 0...1_000_000_000) ?? 0,
            noData: noData
        )
        return Metric(rule: rule, source: try source(document.provider, field: "\(field).provider"))
    }

    static func source(_ document: MetricProviderDocument, field: String) throws -> MetricSource {
        func red(_ red: REDMetricDocument, field: String) throws -> (REDMeasure, Double) {
            if let operation = red.operation, !(1...Limits.spanNameBytes).contains(operation.utf8.count) {
                throw ValidationError(message: "an operation is 1 to \(Limits.spanNameBytes) bytes", field: "\(field).operation")
            }
            let window = try DurationText.seconds(red.window, field: "\(field).window") ?? 60
            guard window >= 10, window <= 3_600 else { throw ValidationError(message: "a window is 10s to 1h", field: "\(field).window") }
            switch red.measure {
            case "errorRatio": return (.errorRatio, window)
            case "serverErrorRatio": return (.serverErrorRatio, window)
            case "latency":
                let quantile = red.quantile ?? 0.95
                guard quantile > 0, quantile < 1 else { throw ValidationError(message: "a quantile is between 0 and 1", field: "\(field).quantile") }
                return (.latency(quantile: quantile), window)
            default:
                throw ValidationError(code: "invalid_enum", message: "a measure is errorRatio, serverErrorRatio or latency", field: "\(field).measure")
            }
        }
        switch (document.red, document.comparison, document.prometheus, document.web) {
        case (let document?, nil, nil, nil):
            let (measure, window) = try red(document, field: "\(field).red")
            return .red(measure, window: window, operation: document.operation)
        case (nil, let document?, nil, nil):
            let (measure, window) = try red(document, field: "\(field).comparison")
            return .comparison(measure, window: window, operation: document.operation)
        case (nil, nil, let prometheus?, nil):
            guard (1...10_000).contains(prometheus.query.count) else {
                throw ValidationError(message: "a query is 1 to 10000 characters", field: "\(field).prometheus.query")
            }
            return .prometheus(prometheus.query)
        case (nil, nil, nil, let web?):
            let timeout = try DurationText.seconds(web.timeout, field: "\(field).web.timeout") ?? 10
            guard timeout > 0, timeout <= 60 else { throw ValidationError(message: "a web timeout is at most 1m", field: "\(field).web.timeout") }
            let path = (web.jsonPath ?? "").split(separator: ".").map(String.init)
            guard path.count <= 32 else { throw ValidationError(message: "a JSON path has at most 32 parts", field: "\(field).web.jsonPath") }
            return .web(try url(web.url, field: "\(field).web.url"), path: path, timeout: timeout)
        default:
            throw ValidationError(message: "give exactly one metric provider: red, comparison, prometheus or web", field: field)
        }
    }
}
