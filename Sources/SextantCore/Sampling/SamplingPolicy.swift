/// Which traces' raw spans are kept (rollups, the graph and objectives count every span; this
/// decides only what is stored to be searched): every trace with an error, every trace slower than
/// a threshold, and a share of the rest, consistent by trace id so that every replica decides
/// alike. A service may have its own share (by the trace's root service). The default keeps
/// every error and 10 % of the rest.
public struct SamplingPolicy: Sendable, Equatable {
    public var keepsErrors: Bool
    /// Every trace at least this long is kept; `nil` for no such rule.
    public var slowerThanNanos: UInt64?
    /// The share of the other traces kept, 0 to 1.
    public var probability: Double
    /// Shares by root service, replacing `probability` for their traces.
    public var serviceProbabilities: [String: Double]

    public init(keepsErrors: Bool = true, slowerThanNanos: UInt64? = nil, probability: Double = 0.1, serviceProbabilities: [String: Double] = [:]) {
        self.keepsErrors = keepsErrors
        self.slowerThanNanos = slowerThanNanos
        self.probability = probability
        self.serviceProbabilities = serviceProbabilities
    }

    /// Why a trace is kept.
    public enum Reason: String, Sendable, Equatable {
        case error, slow, sampled
    }

    /// Whether `trace` is kept, and why; `nil` when it is not.
    public func decide(_ trace: TraceSample) -> Reason? {
        if keepsErrors, trace.errorCount > 0 { return .error }
        if let slowerThanNanos, trace.durationNanos >= slowerThanNanos { return .slow }
        let share = serviceProbabilities[trace.rootService] ?? probability
        return Self.isSampled(trace.traceID, probability: share) ? .sampled : nil
    }

    /// OpenTelemetry's consistent probability sampling: the trace id's last 56 bits are its
    /// randomness, kept when at least the threshold `(1 - p) × 2^56`; the same id gets the same
    /// answer everywhere, and a trace kept at p is kept at every higher p.
    public static func isSampled(_ traceID: TraceID, probability: Double) -> Bool {
        guard probability < 1 else { return true }
        guard probability > 0 else { return false }
        let randomness = traceID.low & 0x00FF_FFFF_FFFF_FFFF
        let threshold = UInt64(((1 - probability) * 72_057_594_037_927_936).rounded(.down))
        return randomness >= threshold
    }
}
