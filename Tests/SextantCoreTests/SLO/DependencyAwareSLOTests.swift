import Testing
import SextantCore

@Suite("Dependency-aware objectives: feasibility and burn attribution")
struct DependencyAwareSLOTests {
    static func component(_ name: String, _ dependencies: [Dependency] = []) -> Component {
        Component(name: name, owner: "team", tier: 2, dependencies: dependencies)
    }

    /// frontend → api (hard) → postgres (hard), api → redis (fallback), api → auth (hard) → postgres.
    static let graph = DependencyGraph(components: [
        component("frontend", [Dependency(name: "api", type: .internalService)]),
        component("api", [
            Dependency(name: "postgres", type: .database),
            Dependency(name: "redis", type: .cache, hasFallback: true),
            Dependency(name: "auth", type: .internalService),
        ]),
        component("auth", [Dependency(name: "postgres", type: .database)]),
        component("postgres"), component("redis"),
    ])

    @Test func theBoundIsTheProductOfHardDependenciesCountedOnce() {
        let known: [String: (Double, SLOFeasibility.Source)] = ["postgres": (99.95, .objective), "auth": (99.9, .measured)]
        let report = SLOFeasibility.compute(service: "frontend", objective: 99.9, graph: Self.graph) { known[$0].map { ($0.0, $0.1) } }
        #expect(report.factors.map(\.name) == ["auth", "postgres", "api"])
        #expect(report.factors.last?.source == .unknown)
        #expect(report.factors.first { $0.name == "postgres" }?.path == ["frontend", "api", "postgres"])
        #expect(abs(report.bound - 99.95 * 0.999) < 1e-9)
        #expect(!report.isFeasible)
        #expect(report.warning?.contains("auth (99.9%)") == true)
        let relaxed = SLOFeasibility.compute(service: "frontend", objective: 99.5, graph: Self.graph) { known[$0].map { ($0.0, $0.1) } }
        #expect(relaxed.isFeasible && relaxed.warning == nil)
    }

    @Test func badEventsAreSharedAmongCoincidingFailedCalls() {
        let attribution = BurnAttribution.compute(
            bad: [0: 10, 60: 10, 120: 5],
            failures: ["auth": [0: 6, 60: 20], "postgres": [0: 2, 120: 0]]
        )
        // Minute 0: 8 failures explain 8 of 10; minute 60: 20 auth failures explain all 10;
        // minute 120: nothing coincides.
        #expect(attribution.badEvents == 25)
        #expect(attribution.shares.map(\.server) == ["auth", "postgres"])
        #expect(attribution.shares[0].attributedBadEvents == 16)
        #expect(attribution.shares[1].attributedBadEvents == 2)
        #expect(attribution.unattributedBadEvents == 7)
        #expect(abs(attribution.shares[0].fraction - 0.64) < 1e-12)
    }
}
