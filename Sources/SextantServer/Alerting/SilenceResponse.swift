import Foundation
import SextantAPI
import SextantCore
import SextantStorage

/// A silence as the API shows it (Alertmanager's `gettableSilence` shape).
struct SilenceResponse: Encodable {
    struct Status: Encodable { var state: String }
    var id: String
    var matchers: [LabelMatcher]
    var startsAt: Date
    var endsAt: Date
    var updatedAt: Date
    var createdBy: String
    var comment: String
    var status: Status

    init(_ silence: Silence, at now: Date) {
        id = silence.id
        matchers = silence.matchers
        startsAt = silence.startsAt
        endsAt = silence.endsAt
        updatedAt = silence.updatedAt
        createdBy = silence.createdBy
        comment = silence.comment
        status = Status(state: silence.state(at: now).rawValue)
    }
}
