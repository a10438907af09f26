/// DORA's performance tiers as a report published them: each figure's bounds for elite, high
/// and medium (anything worse is low). Shipped as data, named by the report's edition.
public struct DORATiers: Sendable, Equatable, Codable {
    public enum Tier: String, Sendable, Codable, CaseIterable, Comparable {
        case elite, high, medium, low

        public static func < (lhs: Tier, rhs: Tier) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var edition: String
    /// Deployments per day at least, for elite, high and medium.
    public var deploymentsPerDay: [Double]
    /// Median lead time in seconds below, for elite, high and medium.
    public var leadTimeSeconds: [Double]
    /// Change failure rate (0–1) at most, for elite, high and medium.
    public var changeFailureRate: [Double]
    /// Median recovery time in seconds below, for elite, high and medium.
    public var recoverySeconds: [Double]

    /// The 2023 Accelerate State of DevOps report: elite deploys on demand (several a day) with lead
    /// times under a day, 5 % failed changes and recovery under an hour; high daily to weekly,
    /// under a week, 10 %, under a day; medium weekly to monthly, under a month, 15 %, under a week.
    public static let edition2023 = DORATiers(
        edition: "2023 Accelerate State of DevOps",
        deploymentsPerDay: [1, 1.0 / 7, 1.0 / 30],
        leadTimeSeconds: [86_400, 7 * 86_400, 30 * 86_400],
        changeFailureRate: [0.05, 0.10, 0.15],
        recoverySeconds: [3_600, 86_400, 7 * 86_400]
    )

    public func tier(deploymentsPerDay value: Double) -> Tier { Self.tier(deploymentsPerDay.map { value >= $0 }) }
    public func tier(leadTimeSeconds value: Double) -> Tier { Self.tier(leadTimeSeconds.map { value < $0 }) }
    public func tier(changeFailureRate value: Double) -> Tier { Self.tier(changeFailureRate.map { value <= $0 }) }
    public func tier(recoverySeconds value: Double) -> Tier { Self.tier(recoverySeconds.map { value < $0 }) }

    private static func tier(_ meets: [Bool]) -> Tier {
        for (index, met) in meets.enumerated() where met { return Tier.allCases[index] }
        return .low
    }
}
