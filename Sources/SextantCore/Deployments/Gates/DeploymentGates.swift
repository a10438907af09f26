import Foundation

/// What a deployment requires before it starts and before each increase of its traffic.
public struct DeploymentGates: Sendable, Equatable {
    /// The service's objectives (and, with `dependencies`, those of every hard dependency) have
    /// at least `minimumPercent` of their error budget left and burn nothing at page severity.
    public struct Budget: Sendable, Equatable {
        public var minimumPercent: Double
        public var dependencies: Bool

        public init(minimumPercent: Double, dependencies: Bool) {
            self.minimumPercent = minimumPercent
            self.dependencies = dependencies
        }
    }

    /// No firing alert names the service (by its `service` or `component` label), nor, when
    /// asked, any hard dependency or any service that hard-depends on it.
    public struct NoIncident: Sendable, Equatable {
        public var dependencies: Bool
        public var dependants: Bool

        public init(dependencies: Bool, dependants: Bool) {
            self.dependencies = dependencies
            self.dependants = dependants
        }
    }

    /// A person whose role is at least `role` approves; without an approval within `timeout`
    /// seconds of the deployment's creation, it aborts.
    public struct Approval: Sendable, Equatable {
        public var role: Role
        public var timeout: Double?

        public init(role: Role, timeout: Double?) {
            self.role = role
            self.timeout = timeout
        }

        /// Whether the time to approve, counted from `start`, has run out at `now` without an approval.
        public func hasExpired(since start: Date, at now: Date, approved: Bool) -> Bool {
            !approved && DeploymentGates.hasRunOut(timeout, since: start, at: now)
        }
    }

    public var budget: Budget?
    public var noIncident: NoIncident?
    /// Names of the routing configuration's time intervals inside which nothing is released.
    public var freezes: [String]
    public var approval: Approval?

    public init(budget: Budget? = nil, noIncident: NoIncident? = nil, freezes: [String] = [], approval: Approval? = nil) {
        self.budget = budget
        self.noIncident = noIncident
        self.freezes = freezes
        self.approval = approval
    }

    /// Whether a wait that began at `start` has run past `timeout` seconds at `now` (never
    /// without a timeout or a start): an approval's, a workflow gate step's.
    public static func hasRunOut(_ timeout: Double?, since start: Date?, at now: Date) -> Bool {
        guard let timeout, let start else { return false }
        return now.timeIntervalSince(start) > timeout
    }

    public var isEmpty: Bool { budget == nil && noIncident == nil && freezes.isEmpty && approval == nil }
}
