import Testing
import SextantCore

@Suite("Impact analysis")
struct ImpactTests {
    struct Expectation: Sendable, CustomTestStringConvertible {
        let failed: [String]
        let down: [String: [String]]
        let degraded: [String: [String]]
        var testDescription: String { "failing \(failed)" }
    }

    static let demoCases: [Expectation] = [
        Expectation(
            failed: ["postgres"],
            down: [
                "api-service": ["api-service", "postgres"],
                "auth-service": ["auth-service", "postgres"],
                "worker-service": ["worker-service", "postgres"],
                "frontend": ["frontend", "api-service", "postgres"],
            ],
            degraded: [:]
        ),
        Expectation(
            failed: ["redis"],
            down: [:],
            degraded: ["api-service": ["api-service", "redis"], "auth-service": ["auth-service", "redis"]]
        ),
        Expectation(
            failed: ["auth-service"],
            down: ["api-service": ["api-service", "auth-service"], "frontend": ["frontend", "api-service", "auth-service"]],
            degraded: [:]
        ),
        Expectation(failed: ["rabbitmq"], down: ["worker-service": ["worker-service", "rabbitmq"]], degraded: [:]),
        Expectation(failed: ["external-api"], down: [:], degraded: ["worker-service": ["worker-service", "external-api"]]),
        Expectation(
            failed: ["redis", "rabbitmq"],
            down: ["worker-service": ["worker-service", "rabbitmq"]],
            degraded: ["api-service": ["api-service", "redis"], "auth-service": ["auth-service", "redis"]]
        ),
        Expectation(failed: ["frontend"], down: [:], degraded: [:]),
    ]

    @Test("demo topology", arguments: demoCases)
    func demoTopology(_ expectation: Expectation) {
        let report = DemoTopology.graph.impact(ofFailing: expectation.failed)
        #expect(report.failed == expectation.failed.sorted())
        #expect(Dictionary(uniqueKeysWithValues: report.down.map { ($0.name, $0.chain) }) == expectation.down)
        #expect(Dictionary(uniqueKeysWithValues: report.degraded.map { ($0.name, $0.chain) }) == expectation.degraded)
    }

    @Test func nearestAffectedComeFirstThenByName() {
        let report = DemoTopology.graph.impact(ofFailing: ["postgres"])
        #expect(report.down.map(\.name) == ["api-service", "auth-service", "worker-service", "frontend"])
        #expect(report.down.last?.explanation == "frontend ← api-service ← postgres")
        #expect(report.down.last?.rootCause == "postgres")
        #expect(report.down.last?.distance == 2)
    }

    @Test func aNodeDownThroughOneFailureIsNotAlsoDegradedByAnother() {
        let report = DemoTopology.graph.impact(ofFailing: ["postgres", "redis"])
        #expect(Set(report.down.map(\.name)) == ["api-service", "auth-service", "worker-service", "frontend"])
        #expect(report.degraded.isEmpty)
    }

    @Test func degradationCanTravelAlongHardEdges() {
        let report = DemoTopology.graph.impact(ofFailing: ["redis"], propagation: .alongHardEdges)
        #expect(report.down.isEmpty)
        #expect(report.degraded.map(\.name) == ["api-service", "auth-service", "frontend"])
        #expect(report.degraded.last?.chain == ["frontend", "api-service", "redis"])
    }

    @Test func oneHopIsTheOldImpactRadius() {
        let report = DemoTopology.graph.impact(ofFailing: ["postgres"], maximumDistance: 1)
        #expect(report.down.map(\.name) == ["api-service", "auth-service", "worker-service"])
    }

    @Test func namesOutsideTheGraphAreIgnored() {
        let report = DemoTopology.graph.impact(ofFailing: ["nowhere"])
        #expect(report.failed.isEmpty && report.down.isEmpty && report.degraded.isEmpty)
    }

    @Test func cyclesTerminateAndEveryMemberGoesDown() {
        let cyclic = graph("a>b", "b>c", "c>a", "d>a", "e~c")
        let report = cyclic.impact(ofFailing: ["c"])
        #expect(Dictionary(uniqueKeysWithValues: report.down.map { ($0.name, $0.chain) }) == [
            "b": ["b", "c"], "a": ["a", "b", "c"], "d": ["d", "a", "b", "c"],
        ])
        #expect(report.degraded.map(\.name) == ["e"])
    }

    @Test func softEdgesIntoDownNodesDegrade() {
        let g = graph("x>db", "y.x", "z~x", "w>y")
        let report = g.impact(ofFailing: ["db"])
        #expect(report.down.map(\.name) == ["x"])
        #expect(Dictionary(uniqueKeysWithValues: report.degraded.map { ($0.name, $0.chain) }) == [
            "y": ["y", "x", "db"], "z": ["z", "x", "db"],
        ])
        #expect(report.status(of: "w") == nil)
        #expect(report.status(of: "db") == .failed)
    }

    @Test func shortestChainWinsWhenSeveralExplain() {
        let g = graph("top>mid", "mid>low", "low>db", "top>db")
        #expect(g.impact(ofFailing: ["db"]).down.first { $0.name == "top" }?.chain == ["top", "db"])
    }
}
