import Foundation

/// `GET /api/v1/alerts/groups`: the notification groups held.
public struct AlertGroupList: Codable, Sendable {
    public let groups: [AlertGroupResponse]

    public init(groups: [AlertGroupResponse]) {
        self.groups = groups
    }
}
