import Foundation
import Logging
import SextantCore
import SextantStorage
import ServiceLifecycle
import Synchronization

/// Why a job cannot be run on demand.
public enum SchedulerError: Error, Equatable, CustomStringConvertible {
    case unknownJob(String)
    case disabled(String, String)
    case stopping

    public var description: String {
        switch self {
        case .unknownJob(let name): return "there is no job \(Quoted.prefix(name))"
        case .disabled(let name, let reason): return "job \(Quoted.prefix(name)) is disabled: \(reason)"
        case .stopping: return "the scheduler is shutting down"
        }
    }
}
