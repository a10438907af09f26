import Foundation

/// What the gates are judged on, read at one instant.
public struct GateFacts: Sendable {
    /// One objective as the gates see it.
    public struct Objective: Sendable, Equatable {
        public var id: String
        public var service: String
        public var remainingPercent: Double
        /// The names of its page-severity conditions firing.
        public var pagesFiring: [String]

        public init(id: String, service: String, remainingPercent: Double, pagesFiring: [String]) {
            self.id = id
            self.service = service
            self.remainingPercent = remainingPercent
            self.pagesFiring = pagesFiring
        }
    }

    public var objectives: [Objective]
    /// The labels of every firing alert.
    public var firingAlerts: [LabelSet]
    public var graph: DependencyGraph
    /// The freeze windows active now.
    public var activeFreezes: Set<String>
    public var approved: Bool
    public var freezeOverridden: Bool

    public init(objectives: [Objective], firingAlerts: [LabelSet], graph: DependencyGraph, activeFreezes: Set<String>, approved: Bool,
                freezeOverridden: Bool) {
        self.objectives = objectives
        self.firingAlerts = firingAlerts
        self.graph = graph
        self.activeFreezes = activeFreezes
        self.approved = approved
        self.freezeOverridden = freezeOverridden
    }
}

/// A gate that holds, what holds it, and the graph path that made it relevant.
public struct GateFailure: Sendable, Equatable, Codable {
    /// budget, noIncident, freeze or approval.
    public var gate: String
    public var reason: String
    public var path: [String]

    public init(gate: String, reason: String, path: [String]) {
        self.gate = gate
        self.reason = reason
        self.path = path
    }

    /// `noIncident: HighErrorRate firing on postgres (api-service → postgres)`.
    public var description: String {
        "\(gate): \(reason)" + (path.count > 1 ? " (\(path.joined(separator: " → ")))" : "")
    }
}
