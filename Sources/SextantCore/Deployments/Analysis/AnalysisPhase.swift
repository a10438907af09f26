/// Where a metric or an analysis run stands.
///
/// Worse phases win when a run takes its metrics' phases: successful < running < pending <
/// inconclusive < error < failed.
public enum AnalysisPhase: String, Sendable, Codable, CaseIterable, Comparable {
    case successful
    case running
    case pending
    case inconclusive
    case error
    case failed

    /// Whether the phase is final: nothing more is measured.
    public var isFinished: Bool {
        switch self {
        case .successful, .inconclusive, .error, .failed: return true
        case .running, .pending: return false
        }
    }

    public static func < (lhs: AnalysisPhase, rhs: AnalysisPhase) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
