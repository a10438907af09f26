import Foundation
import Testing
import SextantCore

/// Which rule alert states are written, evaluation by evaluation: the states written always
/// hold each alert's phase, times and labels; figures that move are written every five minutes.
@Suite("Rule alert recording")
struct RuleAlertRecordingTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let rule = AlertingRule(
        name: "Burn", expression: try! RuleExpression.parse("error_ratio() > 0.05"), holdDuration: 60,
        labels: ["severity": "page"], annotations: ["summary": "{{ $labels.service }} at {{ $value }}"]
    )

    /// Evaluates the rule every 30 seconds over `values` (one per evaluation, `nil`: no sample)
    /// and saves the changes each time; answers how many states each save wrote and deleted.
    static func run(_ values: [Double?]) -> (writes: [Int], deletes: [Int], stored: [RuleAlertRecording.WrittenStates]) {
        var alerts: [String: [UInt64: RuleAlert]] = [:]
        var written: RuleAlertRecording.WrittenStates = [:]
        var result: (writes: [Int], deletes: [Int], stored: [RuleAlertRecording.WrittenStates]) = ([], [], [])
        for (step, value) in values.enumerated() {
            let now = start.addingTimeInterval(Double(step) * 30)
            let samples = value.map { [RuleSample(labels: ["service": "api"], value: $0)] } ?? []
            alerts[rule.name] = RuleEvaluation.evaluate(rule, samples: samples, previous: alerts[rule.name] ?? [:], at: now)
            let changes = RuleAlertRecording.changes(from: written, to: alerts, at: now)
            written = RuleAlertRecording.applying(changes, to: written, at: now)
            result.writes.append(changes.writes.values.reduce(0) { $0 + $1.count })
            result.deletes.append(changes.deletes.values.reduce(0) { $0 + $1.count })
            result.stored.append(written)
            // What is stored has every alert, in its phase and with its times, at every step.
            #expect(written.mapValues { $0.mapValues { [$0.alert.phase.rawValue, "\($0.alert.activeAt)", "\($0.alert.firedAt as Any)"] } }
                    == alerts.filter { !$0.value.isEmpty }.mapValues { $0.mapValues { [$0.phase.rawValue, "\($0.activeAt)", "\($0.firedAt as Any)"] } })
        }
        return result
    }

    @Test func phaseChangesAreWrittenAtOnceAndMovingFiguresEveryFiveMinutes() {
        // Pending, firing after a minute, then 12 evaluations of a value that moves every time.
        let values: [Double?] = [0.1, 0.2, 0.3] + (0..<12).map { 0.3 + Double($0) / 100 }
        let run = Self.run(values)
        // 0 s new and pending, 30 s the figure only, 60 s firing, then the figure waits until
        // 360 s (five minutes after 60 s).
        #expect(run.writes == [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0])
        #expect(run.deletes.allSatisfy { $0 == 0 })
        #expect(run.stored[11].values.first?.values.first?.alert.value == 0.3)
        #expect(run.stored[12].values.first?.values.first?.alert.value == 0.39)
    }

    @Test func aResolutionIsWrittenAtOnceAndTheForgottenAlertDeleted() {
        // Firing at once (no `for` passes without a minute), resolved, then forgotten after 15 minutes.
        let values: [Double?] = [0.1, 0.1, 0.1, nil] + Array(repeating: nil, count: 31)
        let run = Self.run(values)
        #expect(Array(run.writes.prefix(4)) == [1, 0, 1, 1])
        #expect(run.stored[3].values.first?.values.first?.alert.phase == .inactive)
        #expect(run.deletes.reduce(0, +) == 1)
        #expect(run.stored.last?.isEmpty == true)
    }

    @Test func anUnchangedAlertIsRewrittenOnlyWhenItsFigureDiffers() {
        let alert = RuleEvaluation.evaluate(Self.rule, samples: [RuleSample(labels: ["service": "api"], value: 0.2)], previous: [:], at: Self.start)
            .values.first!
        let written = RuleAlertRecording.Written(alert: alert, at: Self.start)
        let later = Self.start.addingTimeInterval(3_600)
        #expect(!RuleAlertRecording.needsWriting(alert, lastWritten: written, at: later))
        var moved = alert
        moved.value = 0.3
        #expect(!RuleAlertRecording.needsWriting(moved, lastWritten: written, at: Self.start.addingTimeInterval(299)))
        #expect(RuleAlertRecording.needsWriting(moved, lastWritten: written, at: Self.start.addingTimeInterval(300)))
        #expect(RuleAlertRecording.needsWriting(alert, lastWritten: nil, at: Self.start))
    }
}
