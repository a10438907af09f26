/// What a measurement with no data (fewer requests than the metric's minimum, or no value) counts
/// as — an explicit choice per metric, since Argo calls an empty result an error and Flagger a
/// failure.
public enum NoDataPolicy: String, Sendable, Codable, CaseIterable {
    case inconclusive
    case fail
    case pass

    var phase: MeasurementPhase {
        switch self {
        case .inconclusive: return .inconclusive
        case .fail: return .failed
        case .pass: return .successful
        }
    }
}
