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
}
