import Foundation

/// How much of each job's run history is kept: at most `runs` runs, none older than `age` —
/// but always the latest run, and never one still under way.
public struct JobRunHistory: Sendable, Equatable {
    public var runs: Int
    public var age: TimeInterval

    /// The last 1,000 runs of each job, or its last 7 days, whichever is less.
    public static let standard = JobRunHistory(runs: 1_000, age: 7 * 86_400)

    public init(runs: Int, age: TimeInterval) {
        self.runs = runs
        self.age = age
    }

    /// Runs started before this are dropped.
    public func oldestKept(at now: Date) -> Date {
        now.addingTimeInterval(-age)
    }
}
