import Foundation

/// `GET /api/v1/rules`: every rule group with its rules' states.
public struct RuleGroupList: Codable, Sendable {
    public let groups: [RuleGroupResponse]

    public init(groups: [RuleGroupResponse]) {
        self.groups = groups
    }
}
