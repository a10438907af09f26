import Foundation

/// One run of a job.
public struct JobRunResponse: Codable, Sendable {
    public let id: Int64
    public let job: String
    public let trigger: String
    public let scheduledFor: Date?
    public let replica: String
    public let startedAt: Date
    public let finishedAt: Date?
    public let outcome: String
    public let message: String?

    public init(
        id: Int64, job: String, trigger: String, scheduledFor: Date?, replica: String, startedAt: Date,
        finishedAt: Date?, outcome: String, message: String?
    ) {
        self.id = id
        self.job = job
        self.trigger = trigger
        self.scheduledFor = scheduledFor
        self.replica = replica
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.message = message
    }
}
