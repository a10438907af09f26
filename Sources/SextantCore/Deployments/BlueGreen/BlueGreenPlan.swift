/// A blue-green release: the new version starts beside the old one, an optional analysis judges it
/// before any traffic moves, all traffic switches at once, an optional analysis judges it after
/// the switch (a failure switches back), and the old side is kept for ``scaleDownDelay`` seconds
/// before it is retired.
///
/// It runs as a canary whose only weights are 0 and 100: the switch is `setWeight 100` and
/// switching back is the abort's `setWeight 0`.
public struct BlueGreenPlan: Sendable, Equatable {
    public static let defaultScaleDownDelay = 30.0

    public var prePromotionAnalysis: String?
    public var postPromotionAnalysis: String?
    /// Seconds the old side stays before it is retired.
    public var scaleDownDelay: Double
    /// Whether the switch waits for a person to promote (after the pre-promotion analysis).
    public var manualPromotion: Bool

    public init(prePromotionAnalysis: String? = nil, postPromotionAnalysis: String? = nil,
                scaleDownDelay: Double = Self.defaultScaleDownDelay, manualPromotion: Bool = false) {
        self.prePromotionAnalysis = prePromotionAnalysis
        self.postPromotionAnalysis = postPromotionAnalysis
        self.scaleDownDelay = scaleDownDelay
        self.manualPromotion = manualPromotion
    }

    /// The canary steps that run it.
    public var canaryPlan: CanaryPlan {
        var steps: [CanaryStep] = []
        if let prePromotionAnalysis { steps.append(.analysis(prePromotionAnalysis)) }
        if manualPromotion { steps.append(.pause(seconds: nil)) }
        steps.append(.setWeight(100))
        if let postPromotionAnalysis { steps.append(.analysis(postPromotionAnalysis)) }
        steps.append(.pause(seconds: scaleDownDelay))
        return CanaryPlan(steps: steps)
    }
}
