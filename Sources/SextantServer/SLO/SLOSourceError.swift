import Foundation
import SextantCore
import SextantStorage
import SextantWire

/// Why an objective's events could not be read.
enum SLOSourceError: Error, CustomStringConvertible {
    case prometheusNotConfigured

    var description: String {
        switch self {
        case .prometheusNotConfigured: return "the objective reads Prometheus, but no Prometheus is configured (--prometheus-url)"
        }
    }
}
