import Foundation

/// A group of rules evaluated together, every `interval`.
public struct RuleGroup: Sendable, Equatable {
    public var name: String
    public var interval: TimeInterval
    /// The most alerts one rule may produce; 0 for no limit.
    public var limit: Int
    public var rules: [AlertingRule]

    public static let defaultInterval: TimeInterval = 60

    public init(name: String, interval: TimeInterval = RuleGroup.defaultInterval, limit: Int = 0, rules: [AlertingRule]) {
        self.name = name
        self.interval = interval
        self.limit = limit
        self.rules = rules
    }
}
extension RuleGroup: Codable {
    private enum CodingKeys: String, CodingKey { case name, interval, limit, rules }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["name", "interval", "limit", "rules"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError(message: "a group needs a name", field: FieldPath.render(container.codingPath + [CodingKeys.name]))
        }
        guard name.fits(Limits.labelNameBytes) else {
            throw ValidationError(code: "too_large", message: "a group name is at most \(Limits.labelNameBytes) bytes",
                                  field: FieldPath.render(container.codingPath + [CodingKeys.name]))
        }
        interval = try container.decodeDurationIfPresent(forKey: .interval) ?? Self.defaultInterval
        guard interval >= 1 else { throw ValidationError(message: "interval must be at least 1s", field: FieldPath.render(container.codingPath + [CodingKeys.interval])) }
        limit = try container.decodeIfPresent(Int.self, forKey: .limit) ?? 0
        guard (0...Limits.alertsHeld).contains(limit) else {
            throw ValidationError(message: "limit is a count from 0 (no limit) to \(Limits.alertsHeld)",
                                  field: FieldPath.render(container.codingPath + [CodingKeys.limit]))
        }
        rules = try container.decodeIfPresent([AlertingRule].self, forKey: .rules) ?? []
        guard rules.count <= Limits.rulesPerGroup else {
            throw ValidationError(code: "too_large", message: "a group has at most \(Limits.rulesPerGroup) rules",
                                  field: FieldPath.render(container.codingPath + [CodingKeys.rules]))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(DurationText.format(seconds: interval), forKey: .interval)
        if limit > 0 { try container.encode(limit, forKey: .limit) }
        try container.encode(rules, forKey: .rules)
    }
}
