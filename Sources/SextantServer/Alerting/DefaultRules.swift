/// Sextant's default rules: the same text as `examples/rules/sextant.yaml`.
enum DefaultRules {
    static let text = #"""
# Sextant's default alerting rules (loaded when `serve` is given no --rules directory).
# The expressions read Sextant's own series; see docs in README ("Alerting").
groups:
  - name: sextant
    interval: 30s
    rules:
      - alert: HighErrorRate
        expr: error_ratio(window="5m") > 0.05
        for: 2m
        labels:
          severity: critical
        annotations:
          summary: "{{ $labels.service }} fails {{ $value | humanizePercentage }} of its requests"
          description: "More than 5% of the requests served by {{ $labels.service }} failed over the last 5 minutes."
      - alert: HighLatency
        expr: latency_quantile(quantile="0.95", window="5m") > 1
        for: 5m
        labels:
          severity: warning
        annotations:
          summary: "{{ $labels.service }} answers slowly (p95 {{ $value | humanizeDuration }})"
      - alert: ServiceDown
        expr: up == 0
        for: 1m
        labels:
          severity: critical
          service: "{{ $labels.component }}"
        annotations:
          summary: "{{ $labels.component }} does not answer its health check"
      - alert: ErrorBudgetWarning
        expr: slo_error_budget_remaining() < 0.5
        labels:
          severity: warning
        annotations:
          summary: "{{ $labels.slo }} has {{ $value | humanizePercentage }} of its error budget left"
  - name: slo-conditions
    interval: 30s
    rules:
      - alert: SLOErrorBudgetBurnPage
        expr: slo_alert(severity="page")
        labels:
          severity: critical
        annotations:
          summary: "{{ $labels.slo }} burns its error budget {{ $value | humanize }}× too fast ({{ $labels.condition }})"
      - alert: SLOErrorBudgetBurnTicket
        expr: slo_alert(severity="ticket")
        labels:
          severity: warning
        annotations:
          summary: "{{ $labels.slo }}: {{ $labels.condition }} ({{ $value | humanize }})"
"""#
}
