import Foundation

/// A Prometheus rule file: `groups:` with `name`, `interval`, `limit` and `rules`.
public struct RuleFile: Sendable, Equatable {
    public var groups: [RuleGroup]

    public init(groups: [RuleGroup]) {
        self.groups = groups
    }
}
extension RuleFile: Decodable {
    private enum CodingKeys: String, CodingKey { case groups }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["groups"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        groups = try container.decodeIfPresent([RuleGroup].self, forKey: .groups) ?? []
        var seen: Set<String> = []
        for (index, group) in groups.enumerated() where !seen.insert(group.name).inserted {
            throw ValidationError(code: "duplicate_group", message: "group \(Quoted.prefix(group.name)) is defined more than once", field: "groups[\(index)].name")
        }
    }
}
