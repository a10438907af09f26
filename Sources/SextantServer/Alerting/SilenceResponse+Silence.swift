import Foundation
import SextantAPI
import SextantCore

extension SilenceResponse {
    /// `silence` as it stands at `now`.
    init(_ silence: Silence, at now: Date) {
        self.init(id: silence.id, matchers: silence.matchers, startsAt: silence.startsAt, endsAt: silence.endsAt, updatedAt: silence.updatedAt,
                  createdBy: silence.createdBy, comment: silence.comment, status: Status(state: silence.state(at: now).rawValue))
    }
}
