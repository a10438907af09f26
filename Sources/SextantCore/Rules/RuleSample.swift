import Foundation

/// One sample of an expression's result: a label set and its value.
public struct RuleSample: Sendable, Equatable {
    public var labels: LabelSet
    public var value: Double

    public init(labels: LabelSet, value: Double) {
        self.labels = labels
        self.value = value
    }
}
