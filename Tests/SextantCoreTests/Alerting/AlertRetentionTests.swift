import Foundation
import Testing
import SextantCore

/// Alerting's clean-up passes, at given times and leadership: what each one drops and deletes.
@Suite("Alert retention")
struct AlertRetentionTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    struct Step {
        var at: TimeInterval
        var leading: Bool
        /// nil: no pass is due; otherwise whether it deletes from the store.
        var deletes: Bool?
    }

    @Test func theLeaderAloneDeletesFromTheStoreEveryFiveMinutes() {
        let steps = [
            Step(at: 0, leading: true, deletes: true),
            Step(at: 10, leading: true, deletes: nil),
            Step(at: 299, leading: false, deletes: nil),
            // A follower's pass drops what ended from memory, and deletes nothing.
            Step(at: 300, leading: false, deletes: false),
            Step(at: 500, leading: true, deletes: nil),
            Step(at: 600, leading: true, deletes: true),
            Step(at: 900, leading: false, deletes: false),
            Step(at: 1_200, leading: false, deletes: false),
        ]
        var retention = AlertRetention()
        for step in steps {
            let now = t0.addingTimeInterval(step.at)
            let pass = retention.pass(at: now, leading: step.leading)
            #expect(pass.map { $0.deletes != nil } == step.deletes, "at \(step.at) s")
            guard let pass else { continue }
            #expect(pass.dropsAlertsEndedBefore == now.addingTimeInterval(-900))
            if let deletes = pass.deletes {
                #expect(deletes == AlertRetention.Deletes(alertsEndedBefore: now.addingTimeInterval(-900), silencesEndedBefore: now.addingTimeInterval(-432_000),
                                                          notificationsBefore: now.addingTimeInterval(-432_000)))
            }
        }
    }

    @Test func aClockThatStepsBackDoesNotStopThePasses() {
        var retention = AlertRetention()
        #expect(retention.pass(at: t0, leading: true) != nil)
        #expect(retention.pass(at: t0.addingTimeInterval(-3_600), leading: true) != nil)
        #expect(retention.pass(at: t0.addingTimeInterval(-3_500), leading: true) == nil)
    }
}
