import Foundation

/// A series Sextant computes itself, by name.
public enum SeriesFunction: String, Sendable, CaseIterable {
    /// Failed share of requests over `window`, per service, operation or edge.
    case errorRatio = "error_ratio"
    /// Requests per second over `window`.
    case requestRate = "request_rate"
    /// The `quantile` (default 0.95) of request durations over `window`, in seconds.
    case latencyQuantile = "latency_quantile"
    /// 1 when a component's last health probe succeeded, 0 when it failed.
    case up
    /// An objective's remaining error budget, as a ratio (1 is untouched, below 0 overspent).
    case sloErrorBudgetRemaining = "slo_error_budget_remaining"
    /// An objective's burn rate over `window`.
    case sloBurnRate = "slo_burn_rate"
    /// An objective's indicator over its whole window, as a ratio.
    case sloSLI = "slo_sli"
    /// An objective's alert conditions that are firing (burn-rate pairs and budget
    /// thresholds), valued by their burn rate or remaining budget.
    case sloAlert = "slo_alert"

    /// The arguments the function takes.
    public var arguments: Set<String> {
        switch self {
        case .errorRatio, .requestRate: return ["service", "operation", "client", "server", "window"]
        case .latencyQuantile: return ["service", "operation", "client", "server", "window", "quantile"]
        case .up: return ["component"]
        case .sloErrorBudgetRemaining, .sloSLI: return ["slo", "service"]
        case .sloBurnRate: return ["slo", "service", "window"]
        case .sloAlert: return ["slo", "service", "severity", "condition"]
        }
    }
}
