import Foundation

/// A job of the scheduler, with its next and last run.
public struct JobResponse: Codable, Sendable {
    public let name: String
    public let schedule: String
    public let timeoutSeconds: Double
    public let enabled: Bool
    public let disabledReason: String?
    public let nextRun: Date?
    public let running: Bool
    public let lastRun: JobRunResponse?

    public init(
        name: String, schedule: String, timeoutSeconds: Double, enabled: Bool, disabledReason: String?,
        nextRun: Date?, running: Bool, lastRun: JobRunResponse?
    ) {
        self.name = name
        self.schedule = schedule
        self.timeoutSeconds = timeoutSeconds
        self.enabled = enabled
        self.disabledReason = disabledReason
        self.nextRun = nextRun
        self.running = running
        self.lastRun = lastRun
    }
}
