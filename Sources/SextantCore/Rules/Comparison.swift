import Foundation

/// A comparison that keeps the samples it holds for, as PromQL's filtering comparisons do.
public struct Comparison: Sendable, Equatable {
    public enum Operator: String, Sendable, CaseIterable {
        case greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<=", equal = "==", notEqual = "!="
    }

    public var op: Operator
    public var threshold: Double

    public func holds(for value: Double) -> Bool {
        switch op {
        case .greater: return value > threshold
        case .greaterOrEqual: return value >= threshold
        case .less: return value < threshold
        case .lessOrEqual: return value <= threshold
        case .equal: return value == threshold
        case .notEqual: return value != threshold
        }
    }
}
