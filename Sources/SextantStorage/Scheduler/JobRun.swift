import Foundation
import SextantCore

/// One run of a job.
public struct JobRun: Sendable, Equatable {
    public var id: Int64
    public var job: String
    public var trigger: JobTrigger
    /// The tick a scheduled run belongs to.
    public var scheduledFor: Date?
    /// The replica that ran it.
    public var replica: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var outcome: JobOutcome
    public var message: String?

    public init(
        id: Int64, job: String, trigger: JobTrigger, scheduledFor: Date?, replica: String, startedAt: Date,
        finishedAt: Date?, outcome: JobOutcome, message: String?
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
