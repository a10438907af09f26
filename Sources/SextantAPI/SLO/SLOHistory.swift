import Foundation

/// `GET /api/v1/slos/{id}/history`: the SLI and the error budget left at each step.
public struct SLOHistory: Codable, Sendable {
    public struct Point: Codable, Sendable {
        public let time: Date
        public let sli: Double?
        public let errorBudgetRemainingPercent: Double

        public init(time: Date, sli: Double?, errorBudgetRemainingPercent: Double) {
            self.time = time
            self.sli = sli
            self.errorBudgetRemainingPercent = errorBudgetRemainingPercent
        }
    }

    public let points: [Point]

    public init(points: [Point]) {
        self.points = points
    }
}
