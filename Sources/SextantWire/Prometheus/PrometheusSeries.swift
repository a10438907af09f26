import Foundation
import SextantCore

/// One series of a range query: its labels and its values over time.
public struct PrometheusSeries: Sendable, Equatable {
    public var labels: [String: String]
    public var values: [(timestamp: Double, value: Double)]

    public static func == (lhs: PrometheusSeries, rhs: PrometheusSeries) -> Bool {
        lhs.labels == rhs.labels && lhs.values.elementsEqual(rhs.values) { $0.timestamp == $1.timestamp && ($0.value == $1.value || ($0.value.isNaN && $1.value.isNaN)) }
    }
}
