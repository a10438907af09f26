import Foundation

/// An objective's state at one moment: its SLI over the window, its error budget, its burn
/// rates and which alert conditions hold.
public struct SLOStatus: Sendable, Equatable {
    /// Overall judgement.
    public enum State: String, Sendable, Codable {
        /// Meeting the objective with no condition holding.
        case ok
        /// Meeting the objective, but burning fast or low on budget.
        case warning
        /// The objective is missed over the window: more bad events than the budget allows.
        case breached
    }

    /// The error budget over the window, counted in events.
    public struct Budget: Sendable, Equatable {
        /// Bad events the window's traffic allows: total × (1 − target).
        public var allowedBadEvents: Double
        /// Bad events so far.
        public var consumedBadEvents: Double
        /// 1 − consumed ÷ allowed (1 without traffic); negative once overspent.
        public var remainingRatio: Double
    }

    /// The burn rate over one window.
    public struct Burn: Sendable, Equatable {
        public var window: BurnWindow
        public var events: EventCount
        /// Error ratio ÷ (1 − target); `nil` without events.
        public var rate: Double?
    }

    /// One condition's evaluation.
    public struct ConditionResult: Sendable, Equatable {
        public var condition: SLOAlertCondition
        public var isActive: Bool
        /// The figure compared: the long window's burn rate, or the budget remaining in percent.
        public var value: Double?
    }

    public var evaluatedAt: Date
    public var windowStart: Date
    /// The window's full length, in seconds.
    public var windowLength: TimeInterval
    public var events: EventCount
    /// Good share over the window; `nil` without events.
    public var sli: Double?
    public var budget: Budget
    public var burns: [Burn]
    /// The burn rate over the whole window (consumed ÷ allowed).
    public var windowBurnRate: Double?
    /// Seconds until the budget is spent at the current (1 h) burn rate; 0 when spent, `nil`
    /// when nothing burns.
    public var timeToExhaustion: TimeInterval?
    public var conditions: [ConditionResult]
    public var state: State

    /// The burn rate over `window`, if there were events.
    public func burnRate(over window: BurnWindow) -> Double? {
        burns.first { $0.window == window }?.rate
    }
}
