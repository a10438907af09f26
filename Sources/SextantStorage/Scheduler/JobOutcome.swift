import Foundation
import SextantCore

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
