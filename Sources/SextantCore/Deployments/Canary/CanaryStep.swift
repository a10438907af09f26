/// One step of a canary release.
public enum CanaryStep: Sendable, Equatable {
    /// Send `percent` of the traffic to the new version.
    case setWeight(Int)
    /// Wait `seconds`, or until a person promotes when `nil`.
    case pause(seconds: Double?)
    /// Run the named analysis; the next step waits for it to succeed.
    case analysis(String)
}
