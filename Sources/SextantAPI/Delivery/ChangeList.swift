import Foundation
import SextantCore

/// `GET /api/v1/changes`: the releases of a service and of every service it needs through hard
/// dependencies, newest first, each with the path that makes it relevant.
public struct ChangeList: Codable, Sendable, Equatable {
    public var service: String
    public var since: Date
    public var changes: [RelatedChange]

    public init(service: String, since: Date, changes: [RelatedChange]) {
        self.service = service
        self.since = since
        self.changes = changes
    }
}
