import Foundation
import Testing
import SextantCore

@Suite("Alert condition states")
struct AlertStateMachineTests {
    @Test func pendingForDelaysFiringAndAFallingConditionResolves() {
        var machine = AlertStateMachine()
        #expect(machine.evaluate(isActive: true, at: at(0), pendingFor: 120) == .becamePending)
        #expect(machine.phase == .pending)
        #expect(machine.evaluate(isActive: true, at: at(60), pendingFor: 120) == .none)
        #expect(machine.evaluate(isActive: true, at: at(120), pendingFor: 120) == .fired)
        #expect(machine.phase == .firing && machine.since == at(120) && machine.activeSince == at(0))
        #expect(machine.evaluate(isActive: false, at: at(180), pendingFor: 120) == .resolved)
        #expect(machine.phase == .inactive && machine.resolvedAt == at(180))
    }

    @Test func aPendingAlertThatStopsNeverFires() {
        var machine = AlertStateMachine()
        _ = machine.evaluate(isActive: true, at: at(0), pendingFor: 300)
        #expect(machine.evaluate(isActive: false, at: at(60), pendingFor: 300) == .none)
        #expect(machine.phase == .inactive && machine.resolvedAt == nil)
    }

    @Test func withoutPendingForItFiresAtOnce() {
        var machine = AlertStateMachine()
        #expect(machine.evaluate(isActive: true, at: at(0), pendingFor: 0) == .fired)
    }

    /// One row per evaluation, as a promtool test reads: at a time, whether the condition holds,
    /// what changed and where the alert is afterwards.
    struct Step: Sendable, CustomTestStringConvertible {
        var at: Int64
        var active: Bool
        var transition: AlertStateMachine.Transition
        var phase: AlertStateMachine.Phase
        var testDescription: String { "t=\(at) active=\(active) → \(transition), \(phase.rawValue)" }
    }

    /// `for: 60s`, `keep_firing_for: 120s`, evaluated every 30 s.
    @Test func keepFiringForHoldsAFiringAlertUpAfterItsConditionStops() {
        let steps = [
            Step(at: 0, active: true, transition: .becamePending, phase: .pending),
            Step(at: 30, active: true, transition: .none, phase: .pending),
            Step(at: 60, active: true, transition: .fired, phase: .firing),
            Step(at: 90, active: false, transition: .none, phase: .firing),     // kept firing since 90
            Step(at: 120, active: true, transition: .none, phase: .firing),     // holds again: the hold is over
            Step(at: 150, active: false, transition: .none, phase: .firing),    // kept firing since 150
            Step(at: 240, active: false, transition: .none, phase: .firing),    // 90 s of 120
            Step(at: 270, active: false, transition: .resolved, phase: .inactive),
            Step(at: 300, active: true, transition: .becamePending, phase: .pending),
        ]
        var machine = AlertStateMachine()
        for step in steps {
            let transition = machine.evaluate(isActive: step.active, at: at(step.at), pendingFor: 60, keepFiringFor: 120)
            #expect(transition == step.transition && machine.phase == step.phase, "\(step.testDescription)")
        }
        #expect(machine.firedAt == at(60) && machine.resolvedAt == at(270) && machine.keepFiringSince == nil)
    }
}
