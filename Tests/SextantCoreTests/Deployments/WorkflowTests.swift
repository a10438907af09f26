import Foundation
import Testing

@testable import SextantCore

/// Workflows as tables: plans checked and ordered by the graph, events in, steps' phases out.
@Suite("Workflows")
struct WorkflowTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let graph = DependencyGraph(registered: [:], edges: [
        .init(from: "frontend", to: "api-service", type: .internalService, isCritical: true, hasFallback: false),
        .init(from: "api-service", to: "auth-service", type: .internalService, isCritical: false, hasFallback: true),
    ])

    @Test func dependenciesFirstAsTheGraphSays() throws {
        let plan = try WorkflowPlan(steps: [
            .init(name: "frontend", service: "frontend"), .init(name: "api", service: "api-service"), .init(name: "auth", service: "auth-service"),
            .init(name: "smoke", dependsOn: ["frontend"]),
        ], orderedBy: Self.graph)
        #expect(plan.steps.map(\.dependsOn) == [["api"], ["auth"], [], ["frontend"]])
    }

    @Test func plansThatCannotRunAreRefusedByField() {
        let table: [(steps: [WorkflowPlan.Step], field: String, message: String?)] = [
            ([], "steps", nil),
            ([.init(name: "a"), .init(name: "a")], "steps[1].name", nil),
            ([.init(name: "a", dependsOn: ["nosuch"])], "steps[0].dependsOn[0]", nil),
            ([.init(name: "a", dependsOn: ["b"]), .init(name: "b", dependsOn: ["c"]), .init(name: "c", dependsOn: ["a"])], "steps",
             "the steps depend on each other in a cycle: a → b → c → a"),
        ]
        for row in table {
            do {
                _ = try WorkflowPlan(steps: row.steps)
                Issue.record("accepted \(row.steps)")
            } catch let error as ValidationError {
                #expect(error.field == row.field, "\(error)")
                if let message = row.message { #expect(error.message == message) }
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func stepsStartWhenWhatTheyNeedSucceededAndAFailureSkipsTheRest() throws {
        let plan = try WorkflowPlan(steps: [.init(name: "auth"), .init(name: "api", dependsOn: ["auth"]), .init(name: "web", dependsOn: ["api"]),
                                            .init(name: "notify")])
        var machine = WorkflowMachine(plan: plan, rollsBackOnCancel: true)
        let table: [(event: WorkflowMachine.Event, changes: Bool, startable: [String], phase: WorkflowMachine.Phase)] = [
            (.stepStarted("auth", reference: "d1"), false, [], .pending),
            (.start, true, ["auth", "notify"], .running),
            (.stepStarted("api", reference: "d2"), false, ["auth", "notify"], .running),   // waits for auth
            (.stepStarted("auth", reference: "d1"), true, ["notify"], .running),
            (.stepSucceeded("auth"), true, ["api", "notify"], .running),
            (.stepStarted("api", reference: "d2"), true, ["notify"], .running),
            (.stepFailed("api", reason: "aborted"), true, [], .failed),
        ]
        for (index, row) in table.enumerated() {
            #expect(machine.handle(row.event, at: Self.t0.addingTimeInterval(Double(index))) == row.changes, "\(row.event)")
            #expect(machine.startable == row.startable && machine.phase == row.phase, "\(row.event)")
        }
        #expect(machine.steps == ["auth": .succeeded, "api": .failed, "web": .skipped, "notify": .skipped])
        #expect(machine.reason == "step api failed: aborted")
    }

    @Test func aCancelUndoesWhatRunsAndWhatSucceededWhenItRollsBack() throws {
        let plan = try WorkflowPlan(steps: [.init(name: "auth"), .init(name: "api", dependsOn: ["auth"]), .init(name: "web", dependsOn: ["api"])])
        for rollsBack in [true, false] {
            var machine = WorkflowMachine(plan: plan, rollsBackOnCancel: rollsBack)
            for event in [WorkflowMachine.Event.start, .stepStarted("auth", reference: "d1"), .stepSucceeded("auth"), .stepStarted("api", reference: "d2")] {
                _ = machine.handle(event, at: Self.t0)
            }
            let undo = machine.toUndoOnCancel.map { "\($0.reference) \($0.succeeded)" }
            #expect(undo == (rollsBack ? ["d1 true", "d2 false"] : ["d2 false"]))
            let cancelled = machine.handle(.cancel("by ops"), at: Self.t0)
            #expect(cancelled)
            #expect(machine.phase == .cancelled && machine.steps["web"] == .skipped && machine.steps["api"] == .failed)
            let again = machine.handle(.cancel("again"), at: Self.t0)
            #expect(again == false)
        }
    }

    @Test func gateStepsWaitNamingWhatHoldsThemAndApprovalStepsSucceedOnceApproved() throws {
        let plan = try WorkflowPlan(steps: [.init(name: "gate"), .init(name: "ok", dependsOn: ["gate"]), .init(name: "ship", dependsOn: ["ok"])])
        var machine = WorkflowMachine(plan: plan, rollsBackOnCancel: false)
        let table: [(event: WorkflowMachine.Event, changes: Bool, waiting: [String: String], steps: [String: WorkflowMachine.StepPhase])] = [
            (.stepHeld("gate", reason: "freeze"), false, [:], ["gate": .pending, "ok": .pending, "ship": .pending]),   // not running yet
            (.start, true, [:], ["gate": .pending, "ok": .pending, "ship": .pending]),
            (.stepStarted("gate", reference: nil), true, [:], ["gate": .running, "ok": .pending, "ship": .pending]),
            (.stepHeld("gate", reason: "freeze"), true, ["gate": "freeze"], ["gate": .running, "ok": .pending, "ship": .pending]),
            (.stepHeld("gate", reason: "freeze"), false, ["gate": "freeze"], ["gate": .running, "ok": .pending, "ship": .pending]),   // same reason: nothing new
            (.stepFreezeOverridden("gate", by: "key ops", reason: "hotfix"), true, ["gate": "freeze"], ["gate": .running, "ok": .pending, "ship": .pending]),
            (.stepFreezeOverridden("gate", by: "key ops", reason: "again"), false, ["gate": "freeze"], ["gate": .running, "ok": .pending, "ship": .pending]),
            (.stepApproved("gate", by: "key ops"), true, [:], ["gate": .succeeded, "ok": .pending, "ship": .pending]),
            (.stepApproved("ok", by: "key ops"), false, [:], ["gate": .succeeded, "ok": .pending, "ship": .pending]),   // not started
            (.stepStarted("ok", reference: nil), true, [:], ["gate": .succeeded, "ok": .running, "ship": .pending]),
            (.stepHeld("ok", reason: "waiting for an admin"), true, ["ok": "waiting for an admin"], ["gate": .succeeded, "ok": .running, "ship": .pending]),
            (.stepApproved("ok", by: "key boss"), true, [:], ["gate": .succeeded, "ok": .succeeded, "ship": .pending]),
            (.stepApproved("ok", by: "key other"), false, [:], ["gate": .succeeded, "ok": .succeeded, "ship": .pending]),
        ]
        for (index, row) in table.enumerated() {
            #expect(machine.handle(row.event, at: Self.t0.addingTimeInterval(Double(index))) == row.changes, "\(index): \(row.event)")
            #expect(machine.waiting == row.waiting && machine.steps == row.steps, "\(index): \(row.event)")
        }
        #expect(machine.approvedBy == ["gate": "key ops", "ok": "key boss"] && machine.freezeOverridden == ["gate"])
        #expect(machine.history.map(\.message).contains("step ok approved by key boss"))

        // A held step that fails or is cancelled no longer waits.
        var failing = WorkflowMachine(plan: plan, rollsBackOnCancel: false)
        for event in [WorkflowMachine.Event.start, .stepStarted("gate", reference: nil), .stepHeld("gate", reason: "budget")] { _ = failing.handle(event, at: Self.t0) }
        var cancelled = failing
        _ = failing.handle(.stepFailed("gate", reason: "the gates still held after 1h"), at: Self.t0)
        _ = cancelled.handle(.cancel("by ops"), at: Self.t0)
        #expect(failing.waiting.isEmpty && failing.phase == .failed && cancelled.waiting.isEmpty && cancelled.phase == .cancelled)
    }

    @Test func eventsSurviveTheirStoredForm() throws {
        let events: [WorkflowMachine.Event] = [.stepHeld("g", reason: "r"), .stepApproved("a", by: "key x"), .stepFreezeOverridden("g", by: "key y", reason: "z")]
        for event in events {
            #expect(try JSONDecoder().decode(WorkflowMachine.Event.self, from: try JSONEncoder().encode(event)) == event)
        }
    }
}
