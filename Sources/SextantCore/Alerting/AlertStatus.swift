import Foundation

/// An alert as the listing APIs show it, with what the router makes of it at one instant.
public struct AlertStatus: Sendable {
    public enum State: String, Sendable {
        /// A rule alert whose `for` has not yet run out.
        case pending
        /// Firing and notified.
        case active
        /// Firing, but silenced or inhibited.
        case suppressed
        /// Ended; held a while so that its resolution is notified.
        case resolved
    }

    /// The alert with the annotations graph-aware inhibition adds.
    public var alert: Alert
    public var state: State
    /// The silences that mute it.
    public var silencedBy: [String]
    /// The fingerprints of the alerts that inhibit it, by rule or through the graph.
    public var inhibitedBy: [String]
    /// The receivers its routes lead to, sorted.
    public var receivers: [String]
}
