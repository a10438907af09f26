import SextantCore

/// A job the scheduler runs: its schedule, how long a run may take, and what it does.
public struct Job: Sendable {
    /// A stable name, such as `ingest-service-graph`.
    public let name: String
    public let schedule: JobSchedule
    /// A run taking longer is cancelled and recorded as timed out.
    public let timeout: Duration
    /// Why the job does not run, if it does not (such as a missing `--prometheus-url`).
    public let disabledReason: String?
    /// Does the work and returns a one-line account of it; throws when it fails.
    public let action: @Sendable () async throws -> String

    public init(name: String, schedule: JobSchedule, timeout: Duration, disabledReason: String? = nil,
                action: @escaping @Sendable () async throws -> String) {
        self.name = name
        self.schedule = schedule
        self.timeout = timeout
        self.disabledReason = disabledReason
        self.action = action
    }

    public var isEnabled: Bool { disabledReason == nil }
}
