import Foundation
import SextantCore

/// A silence as the API shows it (Alertmanager's `gettableSilence` shape).
public struct SilenceResponse: Codable, Sendable {
    public struct Status: Codable, Sendable {
        /// `pending`, `active` or `expired`.
        public var state: String

        public init(state: String) {
            self.state = state
        }
    }

    public var id: String
    public var matchers: [LabelMatcher]
    public var startsAt: Date
    public var endsAt: Date
    public var updatedAt: Date
    public var createdBy: String
    public var comment: String
    public var status: Status

    public init(
        id: String, matchers: [LabelMatcher], startsAt: Date, endsAt: Date, updatedAt: Date, createdBy: String,
        comment: String, status: Status
    ) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.updatedAt = updatedAt
        self.createdBy = createdBy
        self.comment = comment
        self.status = status
    }
}
