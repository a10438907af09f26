import Foundation
import Logging
import SextantCore
import SextantStorage
import Synchronization

/// Some objectives could not be evaluated; the others were.
struct SLOEvaluationError: Error, CustomStringConvertible {
    var summary: String
    var failures: [String]
    var description: String { "\(summary); failed: \(failures.joined(separator: "; "))" }
}
