import Foundation
import Logging
import SextantCore
import SextantOutbound
import SextantStorage
import SextantWire

/// Sextant's scheduled jobs.
enum SextantJobs {
    static let ingestServiceGraph = "ingest-service-graph"
    static let markStaleEdges = "mark-stale-edges"
    static let rollupRetention = "rollup-retention"
    static let evaluateSLOs = "evaluate-slos"
    static let probeComponents = "probe-components"
    static let backup = "backup"

    /// Each job's schedule unless configured otherwise.
    static let defaultSchedules: [String: String] = [
        ingestServiceGraph: "@every 15m",
        markStaleEdges: "0 2 * * *",
        rollupRetention: "@every 10m",
        evaluateSLOs: "@every 30s",
        probeComponents: "@every 30s",
        backup: "0 3 * * *",
    ]

    static var names: [String] { defaultSchedules.keys.sorted() }

    static func make(
        configuration: ServerConfiguration, rollups: any RollupStore, prometheus: PrometheusClient?,
        evaluator: SLOEvaluator, prober: HealthProber, clock: any WallClock, logger: Logger
    ) throws -> [Job] {
        func schedule(_ name: String) throws -> JobSchedule {
            try JobSchedule.parse(configuration.schedules[name] ?? defaultSchedules[name]!)
        }
        let retention = configuration.retention
        let staleAfter = configuration.staleEdgeThreshold
        return [
            Job(
                name: ingestServiceGraph, schedule: try schedule(ingestServiceGraph), timeout: .seconds(120),
                disabledReason: prometheus == nil ? "no Prometheus is configured (--prometheus-url)" : nil
            ) {
                guard let prometheus else { throw SchedulerError.disabled(ingestServiceGraph, "no Prometheus is configured") }
                return try await importServiceGraph(
                    from: prometheus, prefix: configuration.prometheusMetricPrefix,
                    window: DurationText.format(seconds: configuration.prometheusLookback),
                    into: rollups, clock: clock, logger: logger
                )
            },
            Job(name: markStaleEdges, schedule: try schedule(markStaleEdges), timeout: .seconds(60)) {
                let cutoff = clock.now().addingTimeInterval(-staleAfter)
                let count = try await rollups.markStaleEdges(lastSeenBefore: cutoff)
                return "\(count) edge\(count == 1 ? "" : "s") became stale (not seen for \(DurationText.format(seconds: staleAfter)))"
            },
            Job(name: rollupRetention, schedule: try schedule(rollupRetention), timeout: .seconds(300)) {
                let pass = retention.pass(at: Int64(clock.now().timeIntervalSince1970))
                try await rollups.applyRetention(pass)
                let format = Date.ISO8601FormatStyle()
                return "folded minute buckets before \(format.format(Date(timeIntervalSince1970: Double(pass.downsampleBefore)))) into hours; "
                    + "deleted hour buckets before \(format.format(Date(timeIntervalSince1970: Double(pass.deleteHoursBefore))))"
            },
            Job(name: evaluateSLOs, schedule: try schedule(evaluateSLOs), timeout: .seconds(120)) {
                try await evaluator.evaluate()
            },
            Job(name: probeComponents, schedule: try schedule(probeComponents), timeout: .seconds(60)) {
                let results = try await prober.probeAll()
                let down = results.filter { !$0.isUp }
                return "probed \(results.count) component\(results.count == 1 ? "" : "s"); "
                    + (down.isEmpty ? "all up" : "down: " + down.map { "\($0.component) (\($0.reason))" }.joined(separator: ", "))
            },
            Job(
                name: backup, schedule: try schedule(backup), timeout: .seconds(6 * 3_600),
                disabledReason: configuration.backupDirectory == nil ? "no backup directory is configured (--backup-directory)" : nil
            ) {
                guard let directory = configuration.backupDirectory else { throw SchedulerError.disabled(backup, "no backup directory is configured") }
                let location = try DatabaseLocation.resolve(url: configuration.databaseURL, dataDirectory: configuration.dataDirectory)
                return try await StoreBackup.takeScheduled(location, into: directory, keep: configuration.backupKeep, clock: clock, logger: logger)
            },
        ]
    }

    /// Reads `traces_service_graph_*` from Prometheus and records the edges as observed there.
    static func importServiceGraph(
        from prometheus: PrometheusClient, prefix: String, window: String, into rollups: any RollupStore,
        clock: any WallClock, logger: Logger
    ) async throws -> String {
        let totals = try await prometheus.query(ServiceGraphImport.totalsQuery(prefix: prefix, window: window))
        var failures = try await prometheus.query(ServiceGraphImport.failuresQuery(prefix: prefix, window: window))
        if failures.isEmpty {
            failures = try await prometheus.query(ServiceGraphImport.failedLabelQuery(prefix: prefix, window: window))
        }
        let (edges, skipped) = ServiceGraphImport.edges(
            totals: totals.map { ($0.labels, $0.value) }, failures: failures.map { ($0.labels, $0.value) }
        )
        if skipped.selfLoops + skipped.missingEndpoint > 0 {
            logger.warning("skipped service graph series", metadata: [
                "servicegraph.self_loops": "\(skipped.selfLoops)", "servicegraph.missing_endpoint": "\(skipped.missingEndpoint)",
            ])
        }
        let now = clock.now()
        try await rollups.recordObservedEdges(edges.map {
            ObservedEdge(client: $0.client, server: $0.server, connectionType: $0.connectionType, origin: .prometheus, firstSeen: now, lastSeen: now)
        })
        let asynchronous = edges.filter(\.isAsynchronous).count
        return "read \(edges.count) edge\(edges.count == 1 ? "" : "s") (\(asynchronous) asynchronous) over \(window); "
            + "skipped \(skipped.selfLoops) self-loops, \(skipped.missingEndpoint) series without client or server, \(skipped.idle) idle"
    }
}
