import Foundation
import SextantCore

/// One series of an instant query: its labels and its value at the evaluation time.
public struct PrometheusSample: Sendable, Equatable {
    public var labels: [String: String]
    public var timestamp: Double
    public var value: Double

    public init(labels: [String: String], timestamp: Double, value: Double) {
        self.labels = labels
        self.timestamp = timestamp
        self.value = value
    }
}
