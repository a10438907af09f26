import Foundation

/// A run of gate evaluations with the same outcome. Consecutive evaluations that find the same
/// failures fold into one entry that counts them, so a release waiting for hours keeps a short
/// record in which every evaluation is still counted, with its first and last time.
public struct GateEvaluation: Sendable, Equatable, Codable {
    public var firstAt: Date
    public var lastAt: Date
    public var evaluations: Int
    /// What held the gates; none when they passed.
    public var failures: [GateFailure]

    public init(firstAt: Date, lastAt: Date, evaluations: Int, failures: [GateFailure]) {
        self.firstAt = firstAt
        self.lastAt = lastAt
        self.evaluations = evaluations
        self.failures = failures
    }

    public var passed: Bool { failures.isEmpty }

    /// How an evaluation at `now` that found `failures` is recorded after `last`: folded into it
    /// when the outcome is the same, otherwise as a new entry.
    public static func recording(_ failures: [GateFailure], at now: Date, after last: GateEvaluation?) -> (entry: GateEvaluation, isNew: Bool) {
        if var last, last.failures == failures {
            last.lastAt = max(last.lastAt, now)
            last.evaluations += 1
            return (last, false)
        }
        return (GateEvaluation(firstAt: now, lastAt: now, evaluations: 1, failures: failures), true)
    }
}
