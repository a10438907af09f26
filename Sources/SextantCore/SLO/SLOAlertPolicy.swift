import Foundation

/// How an objective's alert conditions behave.
public struct SLOAlertPolicy: Sendable, Equatable, Hashable {
    /// Whether the page conditions (14.4× over 1 h and 5 m, 6× over 6 h and 30 m) are evaluated.
    public var page = true
    /// Whether the ticket conditions (3× over 1 d and 2 h, 1× over 3 d and 6 h) are evaluated.
    public var ticket = true
    /// Budget-remaining thresholds, in percent: a condition holds while less remains.
    public var budgetThresholds: [Double] = [50]
    /// How long a condition must hold before it fires (Prometheus' `for`); until then it is pending.
    public var pendingForSeconds: Double = 0
    /// Fewer events than this in a condition's long window and no burn-rate condition holds,
    /// so one failed request of a quiet service does not page anyone.
    public var minimumEvents: Int64 = 0

    /// The default policy.
    public init() {}
}

extension SLOAlertPolicy: Codable {
    private enum Keys: String, CodingKey { case page, ticket, budgetThresholds, pendingFor, minimumEvents }
    private static let fields: Set<String> = ["page", "ticket", "budgetThresholds", "pendingFor", "minimumEvents"]

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Self.fields)
        let container = try decoder.container(keyedBy: Keys.self)
        page = try container.decodeIfPresent(Bool.self, forKey: .page) ?? true
        ticket = try container.decodeIfPresent(Bool.self, forKey: .ticket) ?? true
        budgetThresholds = try container.decodeIfPresent([Double].self, forKey: .budgetThresholds) ?? [50]
        for (index, threshold) in budgetThresholds.enumerated() where !(threshold > 0 && threshold < 100) {
            throw ValidationError(
                code: "invalid_threshold", message: "a budget threshold is a percentage between 0 and 100, exclusive",
                field: FieldPath.render(decoder.codingPath + [Keys.budgetThresholds, AnyCodingKey(intValue: index)!])
            )
        }
        if let text = try container.decodeIfPresent(String.self, forKey: .pendingFor) {
            guard let seconds = DurationText.seconds(text) else {
                throw ValidationError(
                    code: "invalid_duration", message: "pendingFor \(Quoted.prefix(text)) is not a duration such as 0s or 5m",
                    field: FieldPath.render(decoder.codingPath + [Keys.pendingFor])
                )
            }
            pendingForSeconds = seconds
        }
        minimumEvents = try container.decodeIfPresent(Int64.self, forKey: .minimumEvents) ?? 0
        guard minimumEvents >= 0 else {
            throw ValidationError(
                code: "invalid_minimum", message: "minimumEvents cannot be negative",
                field: FieldPath.render(decoder.codingPath + [Keys.minimumEvents])
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(page, forKey: .page)
        try container.encode(ticket, forKey: .ticket)
        try container.encode(budgetThresholds, forKey: .budgetThresholds)
        try container.encode(pendingForSeconds == 0 ? "0s" : DurationText.format(seconds: pendingForSeconds), forKey: .pendingFor)
        try container.encode(minimumEvents, forKey: .minimumEvents)
    }
}
