import Foundation
import SextantCore
import SextantStorage
import SextantWire

/// A rule could not be evaluated.
enum RuleEvaluationError: Error, CustomStringConvertible {
    case noPrometheus
    case noLogs

    var description: String {
        switch self {
        case .noPrometheus: return "the expression is PromQL, and no Prometheus is configured (--prometheus-url)"
        case .noLogs: return "the expression is LogQL, and this evaluator has no log store"
        }
    }
}
