import Foundation
import Testing

@testable import SextantCore

/// The canary as a table: events in at given seconds, actions and phases out.
@Suite("Canary releases")
struct CanaryMachineTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    typealias Step = (second: Double, event: CanaryMachine.Event, actions: [CanaryMachine.Action], phase: CanaryMachine.Phase)

    static func run(_ plan: CanaryPlan, _ steps: [Step], deadline: TimeInterval = 600) -> CanaryMachine {
        var machine = CanaryMachine(plan: plan, progressDeadline: deadline)
        for (index, step) in steps.enumerated() {
            let actions = machine.handle(step.event, at: t0.addingTimeInterval(step.second))
            #expect(actions == step.actions, "step \(index) (\(step.event)): \(actions)")
            #expect(machine.phase == step.phase, "step \(index) (\(step.event)): \(machine.phase)")
        }
        return machine
    }

    @Test func aHealthyCanaryWalksEveryStepToSucceeded() {
        let machine = Self.run(.seed(analysis: "red"), [
            (0, .start, [.setWeight(10)], .progressing),
            (1, .weightVerified(10), [.startAnalysis(step: 1, name: "red")], .progressing),
            (60, .analysisEnded(.successful, step: 1), [.setWeight(25)], .progressing),
            (61, .weightVerified(25), [.startAnalysis(step: 3, name: "red")], .progressing),
            (120, .analysisEnded(.running, step: 3), [], .progressing),
            (121, .analysisEnded(.successful, step: 3), [.setWeight(50)], .progressing),
            (122, .weightVerified(50), [.startAnalysis(step: 5, name: "red")], .progressing),
            (180, .analysisEnded(.successful, step: 5), [.setWeight(100)], .progressing),
            (181, .weightVerified(100), [.stopAnalyses], .succeeded),
        ])
        #expect(machine.verifiedWeight == 100 && machine.pendingActions.isEmpty)
        #expect(machine.history.map(\.message).last == "succeeded")
    }

    @Test func aFailedAnalysisAbortsAndSendsTrafficBack() {
        let machine = Self.run(.seed(analysis: "red"), [
            (0, .start, [.setWeight(10)], .progressing),
            (1, .weightVerified(10), [.startAnalysis(step: 1, name: "red")], .progressing),
            (30, .analysisEnded(.failed, step: 1), [.stopAnalyses, .setWeight(0)], .aborted),
            (31, .weightFailed("nginx -t failed"), [.setWeight(0)], .aborted),
            (32, .weightVerified(0), [], .aborted),
            (33, .resume, [], .aborted),
        ])
        #expect(machine.rolledBack && machine.abortReason == "analysis of step 1 failed")
    }

    @Test func pausesWaitForTimeOrAPersonAndInconclusiveWaitsForAPerson() {
        let plan = CanaryPlan(steps: [.setWeight(20), .pause(seconds: 60), .setWeight(40), .pause(seconds: nil), .analysis("red"), .setWeight(100)])
        let machine = Self.run(plan, [
            (0, .start, [.setWeight(20)], .progressing),
            (1, .weightVerified(20), [], .paused),
            (30, .tick, [], .paused),
            (61, .tick, [.setWeight(40)], .progressing),
            (62, .weightVerified(40), [], .paused),
            (9_000, .tick, [], .paused),                               // until promoted: time alone does not end it
            (9_001, .promote, [.startAnalysis(step: 4, name: "red")], .progressing),
            (9_100, .analysisEnded(.inconclusive, step: 4), [], .paused),
            (9_200, .resume, [.setWeight(100)], .progressing),     // a person accepts the inconclusive run
            (9_201, .weightVerified(100), [.stopAnalyses], .succeeded),
        ])
        #expect(machine.history.contains { $0.message == "paused: analysis of step 4 inconclusive" })
    }

    @Test func aPersonPausesResumesAndPromotesFully() {
        _ = Self.run(.seed(analysis: "red"), [
            (0, .start, [.setWeight(10)], .progressing),
            (1, .pause, [], .paused),
            (2, .weightVerified(10), [], .paused),                   // the change under way finishes
            (100, .resume, [.startAnalysis(step: 1, name: "red")], .progressing),
            (101, .promoteFully, [.stopAnalyses, .setWeight(100)], .progressing),
            (102, .weightVerified(100), [.stopAnalyses], .succeeded),
        ])
    }

    @Test func noProgressForTheDeadlineAbortsAndABackgroundFailureToo() {
        _ = Self.run(.seed(analysis: "red"), [
            (0, .start, [.setWeight(10)], .progressing),
            (1, .weightVerified(10), [.startAnalysis(step: 1, name: "red")], .progressing),
            (500, .tick, [], .progressing),
            (602, .tick, [.stopAnalyses, .setWeight(0)], .aborted),
        ], deadline: 600)
        _ = Self.run(.seed(analysis: "red"), [
            (0, .start, [.setWeight(10)], .progressing),
            (1, .weightVerified(10), [.startAnalysis(step: 1, name: "red")], .progressing),
            (5, .backgroundAnalysis(.successful), [], .progressing),
            (6, .backgroundAnalysis(.error), [.stopAnalyses, .setWeight(0)], .aborted),
        ])
        // Aborted before any traffic moved: nothing to send back.
        let early = Self.run(.seed(analysis: "red"), [(0, .abort("frozen"), [.stopAnalyses], .aborted)])
        #expect(early.rolledBack)
    }

    /// After a restart the stored machine repeats only what was not verified.
    @Test func aRestoredMachineRepeatsOnlyWhatWasNotVerified() {
        var machine = CanaryMachine(plan: .seed(analysis: "red"))
        _ = machine.handle(.start, at: Self.t0)
        #expect(machine.pendingActions == [.setWeight(10)])
        _ = machine.handle(.weightVerified(10), at: Self.t0)
        #expect(machine.pendingActions == [.startAnalysis(step: 1, name: "red")])
        // A verdict for a weight nobody asked for changes nothing.
        #expect(machine.handle(.weightVerified(50), at: Self.t0).isEmpty && machine.verifiedWeight == 10)
    }

    @Test(arguments: [
        ([CanaryStep](), "steps"), ([.setWeight(50), .setWeight(20)], "steps[1]"), ([.setWeight(120)], "steps[0]"),
        ([.pause(seconds: nil)], "steps[0]"), ([.pause(seconds: -1)], "steps[0]"), ([.analysis("nope")], "steps[0]"),
    ] as [([CanaryStep], String)])
    func plansThatCannotRunAreRefusedByStep(steps: [CanaryStep], field: String) {
        do {
            try CanaryPlan(steps: steps).validate(unattended: true, analyses: ["red"])
            Issue.record("accepted \(steps)")
        } catch let error as ValidationError {
            #expect(error.field == field, "\(error.message)")
        } catch {
            Issue.record("\(error)")
        }
        #expect(throws: Never.self) { try CanaryPlan.seed(analysis: "red").validate(unattended: true, analyses: ["red"]) }
    }
}
