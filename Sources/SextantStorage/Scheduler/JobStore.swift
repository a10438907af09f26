import Foundation
import SextantCore

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
