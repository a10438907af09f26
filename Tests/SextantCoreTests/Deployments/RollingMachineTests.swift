import Foundation
import Testing

@testable import SextantCore

/// The rolling release as a table: events in at given seconds, actions and phases out.
@Suite("Rolling releases")
struct RollingMachineTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let plan = RollingPlan(instances: ["a", "b", "c", "d"], batchSize: 2)

    typealias Step = (second: Double, event: RollingMachine.Event, actions: [RollingMachine.Action], phase: RollingMachine.Phase)

    static func run(_ steps: [Step], deadline: TimeInterval = 600) -> RollingMachine {
        var machine = RollingMachine(plan: plan, progressDeadline: deadline)
        for (index, step) in steps.enumerated() {
            let actions = machine.handle(step.event, at: t0.addingTimeInterval(step.second))
            #expect(actions == step.actions, "step \(index) (\(step.event)): \(actions)")
            #expect(machine.phase == step.phase, "step \(index) (\(step.event)): \(machine.phase)")
        }
        return machine
    }

    @Test func batchesAreSizedByCountOrPercent() {
        #expect(Self.plan.batches == [["a", "b"], ["c", "d"]])
        #expect(RollingPlan(instances: ["a", "b", "c"], batchSize: 2).batches == [["a", "b"], ["c"]])
        #expect(RollingPlan.batchSize(percent: 25, of: 10) == 3 && RollingPlan.batchSize(percent: 1, of: 4) == 1)
    }

    @Test func eachBatchIsDrainedUpdatedCheckedAndEnabledBeforeTheNext() {
        let machine = Self.run([
            (0, .start, [.drain(["a", "b"])], .progressing),
            (1, .done(.drain, batch: 0), [.update(["a", "b"])], .progressing),
            (2, .done(.update, batch: 0), [.checkHealth(["a", "b"])], .progressing),
            (3, .done(.update, batch: 0), [], .progressing),              // a repeat changes nothing
            (4, .done(.checkHealth, batch: 0), [.enable(["a", "b"])], .progressing),
            (5, .done(.enable, batch: 0), [.drain(["c", "d"])], .progressing),
            (6, .done(.drain, batch: 1), [.update(["c", "d"])], .progressing),
            (7, .done(.update, batch: 1), [.checkHealth(["c", "d"])], .progressing),
            (8, .done(.checkHealth, batch: 1), [.enable(["c", "d"])], .progressing),
            (9, .done(.enable, batch: 1), [], .succeeded),
        ])
        #expect(machine.percentUpdated == 100 && machine.drained.isEmpty && machine.pendingActions.isEmpty)
    }

    @Test func aFailedHealthCheckHaltsAndRestoresEveryUpdatedInstance() {
        let machine = Self.run([
            (0, .start, [.drain(["a", "b"])], .progressing),
            (1, .done(.drain, batch: 0), [.update(["a", "b"])], .progressing),
            (2, .done(.update, batch: 0), [.checkHealth(["a", "b"])], .progressing),
            (3, .done(.checkHealth, batch: 0), [.enable(["a", "b"])], .progressing),
            (4, .done(.enable, batch: 0), [.drain(["c", "d"])], .progressing),
            (5, .done(.drain, batch: 1), [.update(["c", "d"])], .progressing),
            (6, .done(.update, batch: 1), [.checkHealth(["c", "d"])], .progressing),
            (9, .failed(.checkHealth, batch: 1, reason: "instance c is unhealthy"), [.restore(["a", "b", "c", "d"])], .aborted),
            (10, .failed(.restore, batch: -1, reason: "exit 1"), [.restore(["a", "b", "c", "d"])], .aborted),   // retried
            (11, .done(.restore, batch: -1), [.enable(["c", "d"])], .aborted),
            (12, .done(.enable, batch: -1), [], .aborted),
        ])
        #expect(machine.rolledBack && machine.touched.isEmpty && machine.drained.isEmpty)
        #expect(machine.abortReason == "health check of batch 2 failed: instance c is unhealthy")
    }

    @Test func aPauseWaitsAtTheBatchBoundaryAndTheDeadlineAborts() {
        let paused = Self.run([
            (0, .start, [.drain(["a", "b"])], .progressing),
            (1, .pause, [], .paused),
            (2, .done(.drain, batch: 0), [.update(["a", "b"])], .paused),  // the batch under way finishes
            (3, .done(.update, batch: 0), [.checkHealth(["a", "b"])], .paused),
            (4, .done(.checkHealth, batch: 0), [.enable(["a", "b"])], .paused),
            (5, .done(.enable, batch: 0), [], .paused),
            (6, .resume, [.drain(["c", "d"])], .progressing),
            (700, .tick, [.restore(["a", "b"])], .aborted),
        ])
        #expect(paused.abortReason == "no progress for 10m")
        // Nothing drained or updated yet: an abort is back at once.
        let early = Self.run([(0, .abort("not today"), [], .aborted)])
        #expect(early.rolledBack)
    }

    @Test func aSucceededReleaseRollsBackByRestoringEveryInstance() throws {
        var machine = RollingMachine(plan: RollingPlan(instances: ["a"], batchSize: 1))
        for (stage, second) in [(RollingMachine.Stage.drain, 1.0), (.update, 2), (.checkHealth, 3), (.enable, 4)] {
            if stage == .drain { _ = machine.handle(.start, at: Self.t0) }
            _ = machine.handle(.done(stage, batch: 0), at: Self.t0.addingTimeInterval(second))
        }
        #expect(machine.phase == .succeeded)
        #expect(machine.handle(.rollback("by ops"), at: Self.t0.addingTimeInterval(60)) == [.restore(["a"])])
        #expect(machine.handle(.done(.restore, batch: -1), at: Self.t0.addingTimeInterval(61)) == [])
        #expect(machine.phase == .aborted && machine.rolledBack)
        let event = RollingMachine.Event.failed(.checkHealth, batch: 1, reason: "x")
        #expect(try JSONDecoder().decode(RollingMachine.Event.self, from: JSONEncoder().encode(event)) == event)
    }
}
