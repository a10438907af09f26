extension ServiceLevelObjective: ExemplifiedDecodable {
    public static let examplesJSON = [
        #"""
        {"service": "checkout", "name": "availability", "description": "Checkout answers", "objective": 99.9, "window": "30d",
         "labels": {"team": "payments"}, "indicator": {"availability": {"operation": "POST /checkout", "bad": "http5xx"}},
         "budgeting": "occurrences",
         "alerting": {"page": true, "ticket": true, "budgetThresholds": [50], "pendingFor": "5m", "minimumEvents": 10}}
        """#,
        #"""
        {"service": "checkout", "name": "latency", "objective": 99, "window": {"calendar": "month", "timeZone": "Europe/Berlin"},
         "indicator": {"latency": {"threshold": "300ms", "edgeTo": "postgres"}},
         "budgeting": {"timeslices": {"slice": "5m", "target": 95}}}
        """#,
        #"""
        {"service": "checkout", "name": "prometheus", "objective": 99.5,
         "indicator": {"prometheus": {"bad": "sum(rate(http_requests_total{code=~\"5..\"}[{{.window}}]))",
                                      "total": "sum(rate(http_requests_total[{{.window}}]))"}}}
        """#,
    ]
}

extension SLODocument: ExemplifiedDecodable {
    public static var examplesJSON: [String] {
        [#"{"slos": [\#(ServiceLevelObjective.examplesJSON.joined(separator: ","))]}"#]
    }
}
