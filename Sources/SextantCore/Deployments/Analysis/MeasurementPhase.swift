/// How one measurement came out.
public enum MeasurementPhase: String, Sendable, Codable, CaseIterable {
    case successful
    case failed
    case inconclusive
    /// The provider could not measure (unreachable, an error answer, a value that is no number).
    case error
}
