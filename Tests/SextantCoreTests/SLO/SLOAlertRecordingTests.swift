import Foundation
import SextantCore
import Testing

/// Which alert conditions an evaluation writes: a condition whose state changed, and a pending or
/// firing one whose figure was last written five minutes ago or more — a firing condition is not
/// rewritten every cycle, and one never active is not written at all.
@Suite("SLO alert recording")
struct SLOAlertRecordingTests {
    static let t0 = Date(timeIntervalSince1970: 1_793_577_600)

    static func machine(_ steps: [(active: Bool, seconds: Double)], pendingFor: Double = 0) -> AlertStateMachine {
        var machine = AlertStateMachine()
        for step in steps { _ = machine.evaluate(isActive: step.active, at: t0.addingTimeInterval(step.seconds), pendingFor: pendingFor) }
        return machine
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var machine: AlertStateMachine
        var lastWritten: AlertStateMachine?
        var lastWrittenAt: Double = 0
        var now: Double
        var writes: Bool
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "never written, never active: not written", machine: AlertStateMachine(), lastWritten: nil, now: 0, writes: false),
        Case(name: "never written, active: written", machine: machine([(true, 0)], pendingFor: 60), lastWritten: nil, now: 0, writes: true),
        Case(name: "never written, resolved since: written", machine: machine([(true, 0), (false, 60)]), lastWritten: nil, now: 60,
             writes: true),
        Case(name: "inactive as written: not written", machine: AlertStateMachine(), lastWritten: AlertStateMachine(), now: 3_600, writes: false),
        Case(name: "fired since written: written", machine: machine([(true, 0)]), lastWritten: AlertStateMachine(), now: 0, writes: true),
        Case(name: "firing as written 30 s ago: not written", machine: machine([(true, 0)]), lastWritten: machine([(true, 0)]),
             now: 30, writes: false),
        Case(name: "firing as written 299 s ago: not written", machine: machine([(true, 0)]), lastWritten: machine([(true, 0)]),
             now: 299, writes: false),
        Case(name: "firing as written 300 s ago: its figure is refreshed", machine: machine([(true, 0)]), lastWritten: machine([(true, 0)]),
             now: 300, writes: true),
        Case(name: "pending as written 300 s ago: refreshed", machine: machine([(true, 0)], pendingFor: 3_600),
             lastWritten: machine([(true, 0)], pendingFor: 3_600), now: 300, writes: true),
        Case(name: "resolved since written: written", machine: machine([(true, 0), (false, 60)]), lastWritten: machine([(true, 0)]),
             now: 60, writes: true),
        Case(name: "resolved as written long ago: not written", machine: machine([(true, 0), (false, 60)]),
             lastWritten: machine([(true, 0), (false, 60)]), lastWrittenAt: 60, now: 7_200, writes: false),
    ])
    func conditionsAreWrittenWhenTheyChangeOrTheirFigureGrowsOld(_ example: Case) {
        let lastWritten = example.lastWritten.map { ($0, Self.t0.addingTimeInterval(example.lastWrittenAt)) }
        #expect(SLOAlertRecording.needsWriting(example.machine, lastWritten: lastWritten, at: Self.t0.addingTimeInterval(example.now)) == example.writes)
    }
}
