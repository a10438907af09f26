import Foundation
import SextantCore

/// How a run came about.
public enum JobTrigger: String, Sendable, Codable {
    case schedule
    case manual
}

/// How a run ended (or that it has not yet).
public enum JobOutcome: String, Sendable, Codable, CaseIterable {
    case running
    case succeeded
    case failed
    /// It took longer than the job's timeout and was cancelled.
    case timedOut = "timed_out"
    /// Shutdown did not wait for it any longer.
    case cancelled
    /// Its replica died while it ran.
    case abandoned
}

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

/// Where job runs are recorded.
public protocol JobStore: Sendable {
    /// Records the start of a scheduled tick's run, unless a run for that tick exists already
    /// (another replica took it): returns the run's id, or `nil`.
    func claimScheduledRun(job: String, tick: Date, replica: String, at now: Date) async throws -> Int64?
    /// Records the start of a manual run and returns its id.
    func startManualRun(job: String, replica: String, at now: Date) async throws -> Int64
    /// Records how a run ended.
    func finishRun(id: Int64, outcome: JobOutcome, message: String?, at now: Date) async throws
    /// A job's runs, newest first.
    func runs(of job: String, limit: Int) async throws -> [JobRun]
    /// A run by id.
    func run(id: Int64) async throws -> JobRun?
    /// Each job's latest run.
    func latestRuns() async throws -> [String: JobRun]
    /// Deletes the runs of `job` beyond what `history` keeps; returns how many.
    func pruneRuns(of job: String, keeping history: JobRunHistory, at now: Date) async throws -> Int
    /// Marks `abandoned` the runs still `running` on replicas not in `liveReplicas`.
    func abandonRuns(exceptOn liveReplicas: [String], at now: Date) async throws -> Int
}
