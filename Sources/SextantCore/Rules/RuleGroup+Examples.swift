extension RuleGroup: ExemplifiedDecodable {
    public static let examplesJSON = [#"""
        {"name": "checkout", "interval": "30s", "limit": 0,
         "rules": [{"alert": "CheckoutErrors", "expr": "sum(rate(http_requests_total{code=~\"5..\"}[5m])) > 1", "for": "5m",
                    "keep_firing_for": "1m", "labels": {"severity": "page"}, "annotations": {"summary": "checkout fails"}}]}
        """#]
}
