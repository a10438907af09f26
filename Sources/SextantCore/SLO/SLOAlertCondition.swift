/// One alert condition of an objective: a multiwindow burn rate, or budget remaining below a
/// threshold.
public struct SLOAlertCondition: Sendable, Hashable {
    /// Who is told: pages wake someone, tickets wait for working hours.
    public enum Severity: String, Sendable, Codable {
        case page
        case ticket
    }

    /// What the condition checks.
    public enum Check: Sendable, Hashable {
        /// Both windows burn faster than `factor`.
        case burnRate(long: BurnWindow, short: BurnWindow, factor: Double)
        /// Less than `percent` of the budget remains.
        case budgetBelow(percent: Double)
    }

    /// A stable name: `burn-rate-page-1h-5m`, `budget-remaining-below-50`.
    public var name: String
    public var severity: Severity
    public var check: Check

    public init(name: String, severity: Severity, check: Check) {
        self.name = name
        self.severity = severity
        self.check = check
    }

    /// The SRE Workbook's pairs for a 30-day window: share of budget spent, long and short window.
    /// A factor is that share × window ÷ long window (14.4 = 2% of 30 days in 1 hour).
    static let workbookPairs: [(severity: Severity, base: Double, long: BurnWindow, short: BurnWindow)] = [
        (.page, 14.4, .oneHour, .fiveMinutes),
        (.page, 6, .sixHours, .thirtyMinutes),
        (.ticket, 3, .oneDay, .twoHours),
        (.ticket, 1, .threeDays, .sixHours),
    ]

    /// The conditions of `policy` for a window of `windowDays` days: burn-rate factors keep
    /// the Workbook's budget shares, so they scale with the window (13.44 for 28 days).
    public static func conditions(for policy: SLOAlertPolicy, windowDays: Double) -> [SLOAlertCondition] {
        var result: [SLOAlertCondition] = []
        for pair in workbookPairs where pair.severity == .page ? policy.page : policy.ticket {
            let factor = pair.base * windowDays / 30
            result.append(SLOAlertCondition(
                name: "burn-rate-\(pair.severity.rawValue)-\(pair.long.label)-\(pair.short.label)", severity: pair.severity,
                check: .burnRate(long: pair.long, short: pair.short, factor: factor)
            ))
        }
        for threshold in policy.budgetThresholds.sorted(by: >) {
            let text = threshold == threshold.rounded() ? String(Int(threshold)) : String(threshold)
            result.append(SLOAlertCondition(
                name: "budget-remaining-below-\(text)", severity: .ticket, check: .budgetBelow(percent: threshold)
            ))
        }
        return result
    }
}
