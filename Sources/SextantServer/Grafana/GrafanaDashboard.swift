import Foundation

/// A Grafana dashboard (Grafana's JSON model, to import as it is) for one service: its
/// objectives and RED from the team's Prometheus scraping Sextant's `/metrics`, its error traces
/// from Sextant as a Tempo data source, and its logs from Sextant as a Loki data source. The data
/// sources are inputs that Grafana asks for on import.
enum GrafanaDashboard {
    static let prometheus = "${DS_PROMETHEUS}", tempo = "${DS_SEXTANT_TEMPO}", loki = "${DS_SEXTANT_LOKI}"

    /// The PromQL expressions of the dashboard's Prometheus panels (checked by promtool in the tests).
    static func promQL(service: String) -> [(title: String, expression: String, unit: String)] {
        let name = quoted(service)
        return [
            ("Error budget left", "min(error_budget_remaining_percent{service=\(name)})", "percent"),
            ("Availability over the window", "availability_percentage{service=\(name)}", "percent"),
            ("Error rate, last 5 minutes", "error_rate_percentage{service=\(name)}", "percent"),
            ("p95 latency, last 5 minutes", "latency_p95_seconds{service=\(name)}", "s"),
            ("Requests per second from callers", "sum(rate(traces_service_graph_request_total{server=\(name)}[5m]))", "reqps"),
            ("Failed requests per second from callers", "sum(rate(traces_service_graph_request_failed_total{server=\(name)}[5m]))", "reqps"),
        ]
    }

    /// The LogQL queries of the dashboard's Loki panels.
    static func logQL(service: String) -> (lines: String, errors: String) {
        let name = quoted(service)
        return ("{service=\(name)}", "sum(count_over_time({service=\(name), severity=~\"error|fatal\"}[1m]))")
    }

    static func traceQL(service: String) -> String {
        "{ resource.service.name = \(quoted(service)) && status = error }"
    }

    static func model(service: String, version: String) -> [String: Any] {
        var panels: [[String: Any]] = []
        for (index, panel) in promQL(service: service).enumerated() {
            panels.append([
                "id": index + 1, "type": index == 0 ? "stat" : "timeseries", "title": panel.title,
                "datasource": ["type": "prometheus", "uid": prometheus],
                "targets": [["refId": "A", "expr": panel.expression, "datasource": ["type": "prometheus", "uid": prometheus]]],
                "fieldConfig": ["defaults": ["unit": panel.unit], "overrides": [[String: Any]]()],
                "gridPos": ["h": 8, "w": 8, "x": (index % 3) * 8, "y": (index / 3) * 8],
            ])
        }
        let logs = logQL(service: service)
        panels.append([
            "id": 7, "type": "table", "title": "Recent error traces",
            "datasource": ["type": "tempo", "uid": tempo],
            "targets": [["refId": "A", "queryType": "traceql", "query": traceQL(service: service), "limit": 20, "datasource": ["type": "tempo", "uid": tempo]]],
            "gridPos": ["h": 9, "w": 12, "x": 0, "y": 16],
        ])
        panels.append([
            "id": 8, "type": "timeseries", "title": "Error log lines per minute",
            "datasource": ["type": "loki", "uid": loki],
            "targets": [["refId": "A", "expr": logs.errors, "datasource": ["type": "loki", "uid": loki]]],
            "gridPos": ["h": 9, "w": 12, "x": 12, "y": 16],
        ])
        panels.append([
            "id": 9, "type": "logs", "title": "Log lines",
            "datasource": ["type": "loki", "uid": loki],
            "targets": [["refId": "A", "expr": logs.lines, "datasource": ["type": "loki", "uid": loki]]],
            "gridPos": ["h": 10, "w": 24, "x": 0, "y": 25],
        ])
        let inputs: [[String: Any]] = [
            ["name": "DS_PROMETHEUS", "label": "Prometheus (scraping Sextant's /metrics)", "type": "datasource", "pluginId": "prometheus", "pluginName": "Prometheus"],
            ["name": "DS_SEXTANT_TEMPO", "label": "Sextant as Tempo", "type": "datasource", "pluginId": "tempo", "pluginName": "Tempo"],
            ["name": "DS_SEXTANT_LOKI", "label": "Sextant as Loki", "type": "datasource", "pluginId": "loki", "pluginName": "Loki"],
        ]
        return [
            "__inputs": inputs,
            "__requires": [
                ["type": "grafana", "id": "grafana", "name": "Grafana", "version": "10.0.0"],
                ["type": "datasource", "id": "prometheus", "name": "Prometheus", "version": "1.0.0"],
                ["type": "datasource", "id": "tempo", "name": "Tempo", "version": "1.0.0"],
                ["type": "datasource", "id": "loki", "name": "Loki", "version": "1.0.0"],
            ],
            "uid": "sextant-" + String(service.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(30)),
            "title": "\(service) (Sextant)", "tags": ["sextant", service], "timezone": "browser", "editable": true,
            "schemaVersion": 39, "version": 1, "refresh": "30s", "time": ["from": "now-6h", "to": "now"],
            "annotations": ["list": [[String: Any]]()], "templating": ["list": [[String: Any]]()], "panels": panels,
            "description": "Exported by Sextant \(version) for \(service).",
        ]
    }

    /// A label value in double quotes, escaped as PromQL and LogQL read it.
    static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
