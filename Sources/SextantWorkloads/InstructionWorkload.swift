import Foundation
import SextantCore
import SextantWire

/// Fixed small workloads of the hot paths, for `scripts/instructions`, which counts the
/// instructions of each under callgrind — only inside ``measuredWorkload(_:)``: the inputs are
/// made before it — and compares them with the committed baseline.
public enum InstructionWorkload: String, CaseIterable, Sendable {
    /// Decoding 4 OTLP protobuf exports of 512 spans.
    case otlpDecode = "otlp-decode"
    /// Recording, capping versions, pairing and merging the 2,048 decoded spans as the ingest pipeline does.
    case pairAndRecord = "pair-and-record"
    /// Routing 2,000 alerts through 30 team routes and flushing every group.
    case routeAlerts = "route-alerts"
    /// 2 impact queries on a graph of 10,000 services and 50,000 edges.
    case impactQuery = "impact-query"
    /// One 30-day objective's status from 8 days of minute and 22 of hour buckets.
    case sloEvaluation = "slo-evaluation"

    /// Makes the workload's inputs, then runs it once inside ``measuredWorkload(_:)``; answers a
    /// figure of its result, so that nothing is optimized away.
    public func run() throws -> Int {
        var random = SplitMix64(seed: 7)
        switch self {
        case .otlpDecode:
            let payloads = SyntheticSpans.payloads(count: 4, spansPerRequest: 512, services: 40, using: &random)
            return measuredWorkload { payloads.reduce(0) { $0 + ((try? OTLPProtobufDecoder.decode($1.bytes))?.spans.count ?? 0) } }
        case .pairAndRecord:
            let spans = try SyntheticSpans.payloads(count: 4, spansPerRequest: 512, services: 40, using: &random)
                .flatMap { try OTLPProtobufDecoder.decode($0.bytes).spans }
            return measuredWorkload { Self.pairAndRecord(spans) }
        case .routeAlerts:
            let routing = try Self.routing(teams: 30)
            let alerts = Self.alerts(count: 2_000)
            return measuredWorkload { Self.route(alerts, with: routing) }
        case .impactQuery:
            let graph = DependencyGraph(components: SyntheticCatalog.layered(services: 10_000, edges: 50_000, using: &random))
            let names = graph.nodes.map(\.name)
            let failed = (0..<2).map { _ in [names[Int(random.next() % UInt64(names.count))]] }
            return measuredWorkload { failed.reduce(0) { $0 + graph.impact(ofFailing: $1).down.count } }
        case .sloEvaluation:
            let now = Date(timeIntervalSince1970: 1_793_577_600)
            let to = Int64(now.timeIntervalSince1970)
            let buckets = SyntheticBuckets.objective(from: to - 30 * 86_400, to: to + 1, using: &random)
            let slo = ServiceLevelObjective(service: "checkout", name: "availability", objective: 99.9, indicator: .availability(.service, bad: .error))
            return measuredWorkload { SLOCalculator.status(of: slo, series: EventSeries(buckets), at: now).conditions.filter(\.isActive).count }
        }
    }

    /// What the ingest pipeline does with a decoded batch before its commit: records each span in
    /// the batch's delta, pairs client and server spans into edges, records the edges, and merges
    /// the delta into the pending commit.
    public static func pairAndRecord(_ spans: [Span]) -> Int {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let bucket = RollupDelta.minuteBucket(now.timeIntervalSince1970)
        var delta = RollupDelta(expectedOperations: spans.count, expectedEdges: spans.count / 2)
        for span in spans { delta.record(span, bucket: bucket) }
        var cap = VersionCap()
        delta.versions = cap.capped(delta.versions, at: now.timeIntervalSince1970)
        delta.versionOperations = cap.capped(delta.versionOperations, at: now.timeIntervalSince1970)
        var pairer = ServiceGraphPairer()
        var events = PairingEvents()
        for span in spans { pairer.observe(span, at: now, into: &events) }
        for edge in events.edges { delta.record(edge, bucket: bucket) }
        var pending = RollupDelta()
        pending.merge(delta)
        return events.edges.count
    }

    /// Alertmanager's configuration as the alerts benchmark routes with: a route per team.
    public static func routing(teams: Int) throws -> RoutingConfiguration {
        let routes = (0..<teams).map { #"{"matchers": ["team=\"team-\#($0)\""], "receiver": "team-\#($0)"}"# }
        let receivers = (0..<teams).map { #"{"name": "team-\#($0)", "webhook_configs": [{"url": "http://127.0.0.1:9/team-\#($0)"}]}"# }
        let text = #"""
            {"route": {"receiver": "fallback", "group_by": ["alertname", "service"], "group_wait": "1s", "group_interval": "5s",
                       "repeat_interval": "1h", "routes": [\#(routes.joined(separator: ","))]},
             "receivers": [{"name": "fallback"}, \#(receivers.joined(separator: ","))]}
            """#
        return try RoutingConfiguration(JSONDecoder().decode(AlertmanagerConfigFile.self, from: Data(text.utf8)))
    }

    public static func alerts(count: Int) -> [Alert] {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        return (0..<count).map { index in
            Alert(labels: ["alertname": "Alert\(index % 10)", "service": "service-\(index % 100)", "team": "team-\(index % 30)",
                           "severity": index % 3 == 0 ? "page" : "warning"],
                  startsAt: start, endsAt: start.addingTimeInterval(240), updatedAt: start)
        }
    }

    /// Places every alert in its groups, then flushes every group once they are due.
    public static func route(_ alerts: [Alert], with routing: RoutingConfiguration) -> Int {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        var dispatcher = AlertDispatcher(configuration: routing)
        for alert in alerts { dispatcher.receive(alert, at: now) }
        let later = now.addingTimeInterval(2)
        var notified = 0
        for id in dispatcher.due(at: later) {
            guard let (_, flushed) = dispatcher.beginFlush(id, at: later) else { continue }
            notified += flushed.count
            dispatcher.finishFlush(id, notified: flushed, succeeded: true, at: later)
        }
        return notified
    }
}

/// Runs `body`: the only function whose instructions `scripts/instructions` counts.
@inline(never)
public func measuredWorkload(_ body: () throws -> Int) rethrows -> Int {
    try body()
}
