import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore

/// `gettableSilence`.
struct GettableSilence: Encodable {
    struct Status: Encodable { var state: String }

    var id: String
    var status: Status
    var updatedAt: String
    var comment: String
    var createdBy: String
    var endsAt: String
    var matchers: [LabelMatcher]
    var startsAt: String

    init(_ silence: Silence, at now: Date) {
        id = silence.id
        status = Status(state: silence.state(at: now).rawValue)
        updatedAt = GoTime.formatMilliseconds(silence.updatedAt)
        comment = silence.comment
        createdBy = silence.createdBy
        endsAt = GoTime.formatMilliseconds(silence.endsAt)
        matchers = silence.matchers
        startsAt = GoTime.formatMilliseconds(silence.startsAt)
    }
}
