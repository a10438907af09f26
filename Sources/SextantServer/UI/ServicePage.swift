import Foundation
import Hummingbird
import SextantCore
import SextantStorage

/// A service: RED over a chosen window (SVG charts), its objectives (budget gauge, SLI, time to
/// exhaustion), what it depends on and what depends on it, firing alerts, recent deployments,
/// recent error traces and log lines.
struct ServicePage {
    let sources: UISources

    static let windows: [(name: String, seconds: Int64)] = [("1h", 3_600), ("6h", 21_600), ("24h", 86_400)]

    func response(service: String, request: Request, context: AppRequestContext) async throws -> Response {
        let windowName = QueryParameters(request).string("window") ?? "1h"
        guard let window = Self.windows.first(where: { $0.name == windowName }) else {
            throw APIError.badRequest("window must be 1h, 6h or 24h", field: "window")
        }
        let graph = try await sources.graph()
        let named = try await sources.serviceNames()
        guard graph.contains(service) || named.contains(service) else {
            throw APIError.notFound("there is no service \(Quoted.prefix(service))")
        }
        let now = Int64(sources.clock.now().timeIntervalSince1970)
        let series = try await sources.series.foldedView().operationSeries(OperationSeriesQuery(service: service, kinds: [.server, .consumer]), from: now - window.seconds, to: now + 1)
        var byBucket: [Int64: OperationRollup] = [:]
        for point in series { byBucket[point.bucket, default: OperationRollup()].merge(point.rollup) }
        let buckets = byBucket.keys.sorted()
        let step = series.first?.length ?? 60
        let requests = buckets.map { (time: Double($0), value: Optional(Double(byBucket[$0]!.requests) / Double(step))) }
        let errors = buckets.map { bucket -> (time: Double, value: Double?) in
            let rollup = byBucket[bucket]!
            return (Double(bucket), rollup.requests > 0 ? Double(rollup.errors) / Double(rollup.requests) * 100 : nil)
        }
        let latency = buckets.map { (time: Double($0), value: byBucket[$0]!.latency.quantile(0.99).map { $0 * 1000 }) }
        let windows = Self.windows.map { $0.name == window.name ? "<strong>\($0.name)</strong>" : HTML.link("?window=\($0.name)", $0.name) }.joined(separator: " ")

        var objectives = ""
        for slo in try await sources.objectives.list().map(\.slo).filter({ $0.service == service }) {
            let status = try? await sources.objectiveStatus(slo)
            let exhaustion = status?.timeToExhaustion.map { "\(Int($0 / 3_600)) h" } ?? "not at this rate"
            objectives += """
                <article id="slo-\(HTML.attribute(slo.id))"><h3>\(HTML.link("/ui/slos/\(HTML.segment(slo.id))", slo.id))</h3>\
                \(status.map { SVG.budgetGauge(remaining: $0.budget.remainingRatio, label: slo.id) } ?? "")\
                <p>Objective \(HTML.percent(slo.objective / 100, decimals: 3)) over \(HTML.text(slo.window.label)); \
                SLI \(status?.sli.map { HTML.percent($0, decimals: 3) } ?? "–"); time to exhaustion: \(HTML.text(exhaustion)).</p></article>
                """
        }
        let dependencies = graph.contains(service) ? graph.dependencies(of: service).map { edge in
            [HTML.link("/ui/services/\(HTML.segment(edge.to))", edge.to), HTML.text(edge.type.rawValue), edge.isHard ? "hard" : "soft"]
        } : []
        let dependants = graph.contains(service) ? graph.dependants(of: service).map { edge in
            [HTML.link("/ui/services/\(HTML.segment(edge.from))", edge.from), HTML.text(edge.type.rawValue), edge.isHard ? "hard" : "soft"]
        } : []
        let alerts = sources.firingAlerts().filter { $0.labels["service"] == service }.map { alert in
            [HTML.text(alert.name), HTML.text(alert.labels["severity"] ?? ""), HTML.text(alert.startsAt.formatted(.iso8601)), HTML.text(alert.annotations["summary"] ?? "")]
        }
        let deployments = try await sources.deployments.deployments(matching: DeploymentQuery(service: service, limit: 10)).map { record in
            [HTML.text(record.id), HTML.text(record.version), HTML.text(record.status.phase), HTML.text(record.createdAt.formatted(.iso8601))]
        }
        let nowNanos = now * 1_000_000_000
        let traces = try await sources.finder.find(TraceSearch(service: service, startNanos: nowNanos - 86_400_000_000_000, endNanos: nowNanos + 60_000_000_000,
                                                               errorsOnly: true, limit: 10), want: 10, matches: nil).map { found in
            let summary = found.trace.summary
            return [HTML.link("/ui/traces/\(summary.traceID)", String(summary.traceID.description.prefix(16))), HTML.text(summary.rootOperation),
                    HTML.milliseconds(Double(summary.durationNanos) / 1e9), "\(summary.errorCount) of \(summary.spanCount)"]
        }
        let lines = try await sources.logs.lines(LogQuery(selector: [try LabelMatcher(name: "service", kind: .equal, value: service)]),
                                                 startNanos: nowNanos - 3_600_000_000_000, endNanos: nowNanos + 60_000_000_000, limit: 20, backward: true).lines
        let lineRows = lines.map { line in
            [HTML.text(Date(timeIntervalSince1970: Double(line.timestampNanos) / 1e9).formatted(.iso8601)), HTML.text(line.labels["severity"] ?? ""),
             "<code>\(HTML.text(String(line.line.prefix(300))))</code>"]
        }
        let objectivesHTML = objectives.isEmpty ? "<p class=\"empty\">No objectives for this service.</p>" : objectives
        let body = """
            <p>Window: \(windows)</p>\
            <section aria-labelledby="red"><h2 id="red">Requests, errors and latency</h2>\
            <h3>Requests per second</h3>\(SVG.lineChart(requests, label: "Requests per second", unit: "/s"))\
            <h3>Error ratio (%)</h3>\(SVG.lineChart(errors, label: "Error ratio", unit: "%"))\
            <h3>p99 latency (ms)</h3>\(SVG.lineChart(latency, label: "p99 latency", unit: "ms"))</section>\
            <section aria-labelledby="objectives"><h2 id="objectives">Objectives</h2>\(objectivesHTML)</section>\
            <section aria-labelledby="dependencies"><h2 id="dependencies">Depends on</h2>\(HTML.table(["Service", "Type", "Failure"], dependencies, empty: "Nothing."))\
            <h2>Depended on by</h2>\(HTML.table(["Service", "Type", "Failure"], dependants, empty: "Nothing."))</section>\
            <section aria-labelledby="alerts"><h2 id="alerts">Firing alerts</h2>\(HTML.table(["Alert", "Severity", "Since", "Summary"], alerts, empty: "Nothing is firing."))</section>\
            <section aria-labelledby="deployments"><h2 id="deployments">Recent deployments</h2>\(HTML.table(["Deployment", "Version", "Phase", "Started"], deployments, empty: "No deployments."))</section>\
            <section aria-labelledby="traces"><h2 id="traces">Recent error traces</h2>\(HTML.table(["Trace", "Root operation", "Duration", "Errors"], traces, empty: "No stored error traces in the last day."))</section>\
            <section aria-labelledby="logs"><h2 id="logs">Recent log lines</h2>\(HTML.table(["Time", "Severity", "Line"], lineRows, empty: "No log lines in the last hour."))\
            <p>\(HTML.link("/ui/logs?query=\(HTML.query("{service=\"\(service)\"}"))", "Search this service's logs"))</p></section>
            """
        return UILayout.page(title: service, body: body, context: context)
    }
}
