import Foundation
import Testing

@testable import SextantCore

/// The pieces deployments are made of: analysis runs over time, blue-green as a canary of 0 and
/// 100 %, rolling back a release that succeeded, nginx's weights, and the version cap.
@Suite("Deployment parts")
struct DeploymentPartsTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func at(_ second: Double) -> Date { t0.addingTimeInterval(second) }

    @Test func anAnalysisRunMeasuresOnScheduleAndTakesItsWorstMetric() throws {
        let errors = AnalysisMetric(name: "errors", interval: 10, count: 3, initialDelay: 5,
                                    failureCondition: try AnalysisCondition.parse("result > 0.05", field: "f"))
        let latency = AnalysisMetric(name: "p95", count: 1, successCondition: try AnalysisCondition.parse("result < 0.5", field: "f"), dryRun: true)
        var run = AnalysisRun(metrics: [errors, latency], startedAt: Self.t0)
        // (second, measurements recorded then as metric/value, due before, phase after)
        let table: [(second: Double, due: [Int], record: [(Int, Double)], phase: AnalysisPhase)] = [
            (0, [1], [(1, 0.9)], .pending),        // the dry-run metric fails: it does not decide
            (4, [], [], .pending),                 // the initial delay holds the first measurement
            (5, [0], [(0, 0.01)], .running),
            (14, [], [], .running),
            (15, [0], [(0, 0.02)], .running),
            (25, [0], [(0, 0.03)], .successful),
            (100, [], [], .successful),
        ]
        for row in table {
            #expect(run.due(at: Self.at(row.second)) == row.due, "second \(row.second)")
            for (metric, value) in row.record {
                run.record(.init(at: Self.at(row.second), value: value, phase: run.metrics[metric].judge(value)), metric: metric)
            }
            #expect(run.phase() == row.phase, "second \(row.second)")
        }
        #expect(run.nextDue == nil)
    }

    @Test func aFailureEndsARunAtOnceAndNoMeasurementIsInconclusiveWhenStopped() throws {
        let metric = AnalysisMetric(name: "errors", interval: 10, failureCondition: try AnalysisCondition.parse("result > 0.05", field: "f"))
        var run = AnalysisRun(metrics: [metric], startedAt: Self.t0)
        #expect(run.phase(stopping: true) == .inconclusive)
        run.record(.init(at: Self.t0, value: 0.2, phase: metric.judge(0.2)), metric: 0)
        #expect(run.phase() == .failed && run.due(at: Self.at(1_000)).isEmpty)
    }

    @Test func blueGreenIsACanaryOfNoneAndAll() {
        #expect(BlueGreenPlan().canaryPlan.steps == [.setWeight(100), .pause(seconds: 30)])
        #expect(BlueGreenPlan(prePromotionAnalysis: "smoke", postPromotionAnalysis: "red", scaleDownDelay: 5, manualPromotion: true).canaryPlan.steps
            == [.analysis("smoke"), .pause(seconds: nil), .setWeight(100), .analysis("red"), .pause(seconds: 5)])
        var machine = CanaryMachine(plan: BlueGreenPlan(postPromotionAnalysis: "red").canaryPlan)
        let table: [(Double, CanaryMachine.Event, [CanaryMachine.Action], CanaryMachine.Phase)] = [
            (0, .start, [.setWeight(100)], .progressing),
            (1, .weightVerified(100), [.startAnalysis(step: 1, name: "red")], .progressing),
            (30, .analysisEnded(.failed, step: 1), [.stopAnalyses, .setWeight(0)], .aborted),
            (31, .weightVerified(0), [], .aborted),
        ]
        for (second, event, actions, phase) in table {
            #expect(machine.handle(event, at: Self.at(second)) == actions, "\(event)")
            #expect(machine.phase == phase, "\(event)")
        }
        #expect(machine.rolledBack && machine.abortReason == "analysis of step 1 failed")
    }

    @Test func aReleaseThatSucceededCanBeRolledBack() throws {
        var machine = CanaryMachine(plan: CanaryPlan(steps: [.setWeight(100)]))
        #expect(machine.handle(.start, at: Self.t0) == [.setWeight(100)])
        #expect(machine.handle(.weightVerified(100), at: Self.at(1)) == [.stopAnalyses])
        #expect(machine.phase == .succeeded)
        #expect(machine.handle(.rollback("rolled back by ops"), at: Self.at(60)) == [.setWeight(0)])
        #expect(machine.phase == .aborted && !machine.rolledBack && machine.pendingActions == [.setWeight(0)])
        #expect(machine.handle(.weightVerified(0), at: Self.at(61)) == [])
        #expect(machine.rolledBack && machine.abortReason == "rolled back by ops")
        // Events are stored as JSON and replayed.
        let event = CanaryMachine.Event.analysisEnded(.inconclusive, step: 3)
        #expect(try JSONDecoder().decode(CanaryMachine.Event.self, from: JSONEncoder().encode(event)) == event)
    }

    @Test func nginxWeightsSplitTheTrafficAndLeaveOutASideAtZero() {
        let table: [(stable: Int, canary: Int, percent: Int, weights: [Int])] = [
            (1, 1, 0, [1]),
            (1, 1, 10, [9, 1]),
            (1, 1, 25, [3, 1]),
            (1, 1, 50, [1, 1]),
            (1, 1, 100, [1]),
            (3, 1, 25, [1, 1, 1, 1]),      // three stable servers at 25 % each, one canary at 25 %
            (2, 2, 10, [9, 9, 1, 1]),
        ]
        for row in table {
            let stable = (0..<row.stable).map { "127.0.0.1:\(8000 + $0)" }
            let canary = (0..<row.canary).map { "127.0.0.1:\(9000 + $0)" }
            #expect(NginxUpstream.weights(stable: stable, canary: canary, percent: row.percent).map(\.weight) == row.weights, "\(row)")
        }
        let text = NginxUpstream.upstream(named: "shop", stable: ["127.0.0.1:8000"], canary: ["127.0.0.1:9000"], percent: 0, generation: "d.1")
        #expect(text.contains("server 127.0.0.1:8000 weight=1;") && !text.contains("9000") && !text.contains("weight=0"))
        #expect(NginxUpstream.marker(generation: "d.7").contains("return 200 \"d.7\\n\";"))
        #expect(NginxUpstream.isServerAddress("10.0.0.1:80") && NginxUpstream.isServerAddress("[::1]:8080"))
        #expect(!NginxUpstream.isServerAddress("host") && !NginxUpstream.isServerAddress("a;b:80") && !NginxUpstream.isServerAddress("a:0"))
    }

    @Test func versionsPastTheCapAreCountedTogetherUntilOldOnesAgeOut() {
        var cap = VersionCap(maximumVersions: 2, maximumServices: 1, memory: 100)
        #expect(cap.admit("v1", of: "shop", at: 0) == "v1")
        #expect(cap.admit("v2", of: "shop", at: 10) == "v2")
        #expect(cap.admit("v3", of: "shop", at: 20) == VersionCap.overflow)
        #expect(cap.admit("v1", of: "shop", at: 30) == "v1")
        #expect(cap.admit("v3", of: "shop", at: 115) == "v3")  // v2 was last seen at 10: forgotten
        #expect(cap.admit("v1", of: "cart", at: 0) == nil)     // beyond the services remembered
    }

    @Test func cappedRollupsCountVersionsPastTheCapTogetherAndDropServicesBeyondThoseRemembered() {
        func rollup(_ requests: Int64) -> OperationRollup {
            OperationRollup(requests: requests, errors: 0, serverErrors: 0, latency: LatencyHistogram())
        }
        func key(_ service: String, _ version: String) -> VersionOperationKey {
            VersionOperationKey(service: service, version: version, operation: "GET /", kind: .server, bucket: 60)
        }
        var cap = VersionCap(maximumVersions: 2, maximumServices: 1, memory: 100)
        let admitted = [key("shop", "v1"): rollup(1), key("shop", "v2"): rollup(2)]
        #expect(cap.capped(admitted, at: 0) == admitted)
        let capped = cap.capped([
            key("shop", "v1"): rollup(1), key("shop", "v3"): rollup(4), key("shop", "v4"): rollup(8), key("shop", VersionCap.overflow): rollup(16),
            key("cart", "v1"): rollup(32),
        ], at: 10)
        #expect(capped.mapValues(\.requests) == [key("shop", "v1"): 1, key("shop", VersionCap.overflow): 28])
        let byVersion = cap.capped([VersionKey(service: "shop", version: "v2", bucket: 60): rollup(3)], at: 20)
        #expect(byVersion.mapValues(\.requests) == [VersionKey(service: "shop", version: "v2", bucket: 60): 3])
    }
}
