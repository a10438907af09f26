/// An analysis run's phase: the worst phase of the metrics that count (dry-run metrics are
/// measured and shown but do not decide), and what the deployment does about it.
public enum AnalysisVerdict {
    /// The run's phase over `metrics` with their results; a run with no metric that counts is
    /// inconclusive.
    public static func phase(of metrics: [(metric: AnalysisMetric, result: MetricResult)], stopping: Bool = false) -> AnalysisPhase {
        let counted = metrics.filter { !$0.metric.dryRun }
        guard !counted.isEmpty else { return .inconclusive }
        return counted.map { $0.result.phase(of: $0.metric, stopping: stopping) }.max()!
    }

    /// What a deployment does after a run ends in `phase`: go on, pause for a person, or abort
    /// and send traffic back to stable.
    public enum Consequence: String, Sendable, Equatable {
        case proceed
        case pauseForAPerson
        case abort
        case wait
    }

    public static func consequence(of phase: AnalysisPhase) -> Consequence {
        switch phase {
        case .successful: return .proceed
        case .inconclusive: return .pauseForAPerson
        case .failed, .error: return .abort
        case .running, .pending: return .wait
        }
    }
}
