import Prometheus
import SextantCore
import Synchronization

/// Sextant's own ingest and service-graph metrics, and, when asked for, Tempo's
/// `traces_service_graph_*` series for Grafana's node graph.
public final class IngestMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let emitsServiceGraph: Bool
    private let pendingEdges: Gauge
    private let committedSpans: Counter
    private let commits: Counter
    private let commitFailures: Counter
    private let overloadedRequests: Counter
    private let commitDuration: ValueHistogram
    private let expiredEdges: [ServiceGraphPairer.ExpiryReason: Counter]
    private let droppedSpans: [ServiceGraphPairer.DropReason: Counter]
    private let edgeSeries = Mutex<EdgeSeriesState>(EdgeSeriesState())

    private struct EdgeSeriesState {
        var series: [EdgeIdentityKey: EdgeSeries] = [:]
        /// New edges are exposed at zero until scraped once.
        var hold = FirstScrapeHold<EdgeIdentityKey, EdgeObservation>()
    }

    private struct EdgeIdentityKey: Hashable {
        let client: String
        let server: String
        let connectionType: ConnectionType
    }

    private struct EdgeSeries {
        let requests: Counter
        let failures: Counter
        let serverSeconds: ValueHistogram
        let clientSeconds: ValueHistogram

        func record(_ edge: EdgeObservation) {
            requests.increment()
            if edge.isFailed { failures.increment() }
            if let seconds = edge.serverSeconds { serverSeconds.record(seconds) }
            if let seconds = edge.clientSeconds { clientSeconds.record(seconds) }
        }
    }

    public init(registry: PrometheusCollectorRegistry, emitsServiceGraph: Bool) {
        self.registry = registry
        self.emitsServiceGraph = emitsServiceGraph
        pendingEdges = registry.gauge("sextant_servicegraph_pending_edges", help: "Span halves waiting for their partner.")
        committedSpans = registry.counter("sextant_ingest_spans_total", help: "Spans committed to the store.")
        commits = registry.counter("sextant_ingest_commits_total", help: "Group commits of ingested rollups.")
        commitFailures = registry.counter("sextant_ingest_commit_failures_total", help: "Group commits that failed.")
        overloadedRequests = registry.counter("sextant_ingest_overloaded_requests_total", help: "Export requests refused because the ingest queue was full.")
        commitDuration = registry.histogram("sextant_ingest_commit_duration_seconds", buckets: LatencyHistogram.bounds, help: "Duration of group commits.")
        expiredEdges = Dictionary(uniqueKeysWithValues: ServiceGraphPairer.ExpiryReason.allCases.map { reason in
            (reason, registry.counter("sextant_servicegraph_expired_edges_total", labels: [("reason", reason.rawValue)],
                                          help: "Span halves that waited too long, by what became of them."))
        })
        droppedSpans = Dictionary(uniqueKeysWithValues: ServiceGraphPairer.DropReason.allCases.map { reason in
            (reason, registry.counter("sextant_servicegraph_dropped_spans_total", labels: [("reason", reason.rawValue)],
                                          help: "Spans the service-graph pairer did not keep, by reason."))
        })
    }

    func record(_ events: PairingEvents) {
        for (reason, count) in events.expiredEdges { expiredEdges[reason]?.increment(by: Int64(count)) }
        for (reason, count) in events.droppedSpans { droppedSpans[reason]?.increment(by: Int64(count)) }
        guard emitsServiceGraph, !events.edges.isEmpty else { return }
        edgeSeries.withLock { state in
            for edge in events.edges {
                let key = EdgeIdentityKey(client: edge.client, server: edge.server, connectionType: edge.connectionType)
                let series = state.series[key] ?? makeSeries(for: key)
                state.series[key] = series
                for observation in state.hold.observe(edge, of: key) { series.record(observation) }
            }
        }
    }

    /// A scrape begins: the new edges so far are exposed at zero in it.
    public func scrapeBegins() {
        edgeSeries.withLock { $0.hold.scrapeBegins() }
    }

    /// Records what new edges held back, now that a scrape has read them at zero.
    public func scrapeAnswered() {
        edgeSeries.withLock { state in
            for (key, observations) in state.hold.scraped() {
                guard let series = state.series[key] else { continue }
                for observation in observations { series.record(observation) }
            }
        }
    }

    private func makeSeries(for key: EdgeIdentityKey) -> EdgeSeries {
        let labels = [("client", key.client), ("server", key.server), ("connection_type", key.connectionType.prometheusLabel)]
        return EdgeSeries(
            requests: registry.counter("traces_service_graph_request_total", labels: labels),
            failures: registry.counter("traces_service_graph_request_failed_total", labels: labels),
            serverSeconds: registry.histogram("traces_service_graph_request_server_seconds", labels: labels, buckets: LatencyHistogram.bounds),
            clientSeconds: registry.histogram("traces_service_graph_request_client_seconds", labels: labels, buckets: LatencyHistogram.bounds)
        )
    }

    func pending(_ count: Int) {
        pendingEdges.set(Double(count))
    }

    func committed(spans: Int, seconds: Double) {
        committedSpans.increment(by: Int64(spans))
        commits.increment()
        commitDuration.record(seconds)
    }

    func commitFailed() {
        commitFailures.increment()
    }

    func overloaded() {
        overloadedRequests.increment()
    }
}
