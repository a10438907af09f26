import Foundation
import SextantCore
import SextantOutbound
import SextantStorage
import SextantWire

/// Computes the samples of a rule's expression: Sextant's own series from the rollups,
/// health probes and objectives, or PromQL from the configured Prometheus.
struct RuleSampleSource: Sendable {
    var rollups: any RollupStore
    let catalog: any CatalogStore
    let alerting: any AlertingStore
    let prometheus: PrometheusClient?
    /// The objectives' latest statuses and firing conditions.
    let objectives: @Sendable () -> [SLOSnapshot]
    /// The stored logs, for LogQL rules.
    var logs: LogQueries?

    /// An objective as the SLO evaluator last saw it.
    struct SLOSnapshot: Sendable {
        var slo: ServiceLevelObjective
        var status: SLOStatus
        /// Firing conditions: name, severity and value.
        var firing: [(name: String, severity: SLOAlertCondition.Severity, value: Double?)]
    }

    /// The source over the rollups as they are now, folded once for every rule of an evaluation.
    func folded() async throws -> RuleSampleSource {
        var source = self
        source.rollups = try await rollups.foldedView()
        return source
    }

    func samples(of expression: RuleExpression, at now: Date) async throws -> [RuleSample] {
        switch expression {
        case .promQL(let text):
            guard let prometheus else { throw RuleEvaluationError.noPrometheus }
            return try await prometheus.query(text, at: now).map { RuleSample(labels: $0.labels, value: $0.value) }
        case .logQL(let metric, _):
            guard let logs else { throw RuleEvaluationError.noLogs }
            let nanos = Int64(now.timeIntervalSince1970 * 1e9)
            switch try await logs.evaluate(metric, at: [nanos]).first?.value ?? .vector([]) {
            case .vector(let samples): return samples
            case .scalar(let value): return [RuleSample(labels: [:], value: value)]
            }
        case .sextant(let query):
            let all = try await values(of: query, at: now)
            guard let comparison = query.comparison else { return all }
            return all.filter { comparison.holds(for: $0.value) }
        }
    }

    private func values(of query: SeriesQuery, at now: Date) async throws -> [RuleSample] {
        let arguments = query.arguments
        switch query.function {
        case .errorRatio, .requestRate, .latencyQuantile:
            return try await red(query, at: now).compactMap { labels, summary in
                let value: Double?
                switch query.function {
                case .errorRatio: value = summary.errorRatio
                case .requestRate: value = summary.rate
                default: value = summary.latency.quantile(query.quantile)
                }
                return value.map { RuleSample(labels: labels, value: $0) }
            }
        case .up:
            let health = Dictionary(try await alerting.componentHealth().map { ($0.component, $0) }, uniquingKeysWith: { first, _ in first })
            return try await catalog.snapshot().components.compactMap { component -> RuleSample? in
                guard component.healthEndpoint != nil, arguments["component"].map({ $0 == component.name }) ?? true,
                      let result = health[component.name] else { return nil }
                return RuleSample(labels: ["component": component.name], value: result.isUp ? 1 : 0)
            }
        case .sloErrorBudgetRemaining, .sloSLI, .sloBurnRate, .sloAlert:
            return objectives().filter { snapshot in
                (arguments["slo"].map { $0 == snapshot.slo.id } ?? true) && (arguments["service"].map { $0 == snapshot.slo.service } ?? true)
            }.flatMap { snapshot -> [RuleSample] in
                let labels: LabelSet = ["slo": snapshot.slo.id, "service": snapshot.slo.service]
                switch query.function {
                case .sloErrorBudgetRemaining:
                    return snapshot.status.events.total > 0 ? [RuleSample(labels: labels, value: snapshot.status.budget.remainingRatio)] : []
                case .sloSLI:
                    return snapshot.status.sli.map { [RuleSample(labels: labels, value: $0)] } ?? []
                case .sloBurnRate:
                    let window = arguments["window"] ?? "1h"
                    return snapshot.status.burns.first { $0.window.label == window }?.rate.map { [RuleSample(labels: labels, value: $0)] } ?? []
                default:
                    return snapshot.firing.filter { condition in
                        (arguments["severity"].map { $0 == condition.severity.rawValue } ?? true) && (arguments["condition"].map { $0 == condition.name } ?? true)
                    }.map { condition in
                        RuleSample(labels: labels.merging(["condition": condition.name, "sloth_severity": condition.severity.rawValue]) { $1 },
                                   value: condition.value ?? 1)
                    }
                }
            }
        }
    }

    /// RED summaries over the query's window: per edge when `client` or `server` is given,
    /// per operation when `operation` is, else per service (its entry operations).
    private func red(_ query: SeriesQuery, at now: Date) async throws -> [(LabelSet, REDSummary)] {
        let arguments = query.arguments
        let current = RollupDelta.minuteBucket(now.timeIntervalSince1970)
        let to = current + RollupDelta.minute, from = to - Int64(query.windowSeconds)
        if arguments["client"] != nil || arguments["server"] != nil {
            let edges = try await rollups.edges(from: from, to: to, client: arguments["client"], server: arguments["server"])
            var byPair: [LabelSet: [EdgeRollup]] = [:]
            for (identity, rollup) in edges { byPair[["client": identity.client, "server": identity.server], default: []].append(rollup) }
            return byPair.map { ($0.key, REDSummary(windowSeconds: query.windowSeconds, rollups: $0.value)) }
        }
        let services: [String]
        if let service = arguments["service"] {
            services = [service]
        } else {
            services = try await rollups.observedServices().map(\.name)
        }
        var result: [(LabelSet, REDSummary)] = []
        for service in services {
            let operations = try await rollups.operations(of: service, from: from, to: to)
            if let operation = arguments["operation"] {
                let matching = operations.filter { $0.key.operation == operation }.map(\.value)
                if !matching.isEmpty {
                    result.append((["service": service, "operation": operation], REDSummary(windowSeconds: query.windowSeconds, rollups: matching)))
                }
            } else {
                let entry = operations.filter { $0.key.kind.isEntry }.map(\.value)
                if !entry.isEmpty { result.append((["service": service], REDSummary(windowSeconds: query.windowSeconds, rollups: entry))) }
            }
        }
        return result
    }
}
