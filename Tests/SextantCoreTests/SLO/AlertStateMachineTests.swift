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
}
