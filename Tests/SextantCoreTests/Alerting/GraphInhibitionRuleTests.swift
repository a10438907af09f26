import Foundation
import Testing

@testable import SextantCore

/// Root causes on the dependency graph, with an injected clock.
@Suite("Graph-aware inhibition rules")
struct GraphInhibitionRuleTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func down(_ service: String, resolved: Bool = false, label: [String: String] = ["alertname": "ServiceDown"]) -> Alert {
        var labels = label
        labels["service"] = service
        return Alert(labels: labels, startsAt: now.addingTimeInterval(-60), endsAt: now.addingTimeInterval(resolved ? -1 : 300), updatedAt: now)
    }

    @Test func everythingChainsToTheFirstCause() {
        let alerts = [down("postgres"), down("api-service"), down("frontend"), down("redis")]
        let inhibition = GraphInhibition(alerts: alerts, graph: DemoTopology.graph, at: now)
        #expect(inhibition.explanation(of: ["alertname": "HighErrorRate", "service": "frontend"])?.chain == ["frontend", "api-service", "postgres"])
        #expect(inhibition.explanation(of: alerts[1].labels)?.rootCause == "postgres")
        #expect(inhibition.explanation(of: alerts[0].labels) == nil)
        // redis has fallbacks everywhere: it explains nothing and nothing explains it.
        #expect(inhibition.explanation(of: alerts[3].labels) == nil && inhibition.services(explainedBy: alerts[3]).isEmpty)
        #expect(inhibition.services(explainedBy: alerts[0]) == ["api-service", "auth-service", "frontend", "worker-service"])
        #expect(inhibition.annotated(alerts[0]).annotations["explains"] == "api-service, auth-service, frontend, worker-service")
        // Resolved, postgres explains nothing any more: api-service is a first cause again.
        let after = GraphInhibition(alerts: [down("postgres", resolved: true), down("api-service"), down("frontend")], graph: DemoTopology.graph, at: now)
        #expect(after.explanation(of: alerts[1].labels) == nil && after.explanation(of: alerts[2].labels)?.rootCause == "api-service")
        // Any alert labelled root_cause="true" is one.
        let custom = GraphInhibition(alerts: [down("auth-service", label: ["alertname": "AuthDatabaseLost", "root_cause": "true"])], graph: DemoTopology.graph, at: now)
        #expect(custom.explanation(of: ["alertname": "Slow", "service": "frontend"])?.chain == ["frontend", "api-service", "auth-service"])
    }

    @Test func aCycleExplainsNeither() {
        let cyclic = graph("a>b", "b>a", "c>a")
        let inhibition = GraphInhibition(alerts: [down("a"), down("b")], graph: cyclic, at: now)
        #expect(inhibition.explanation(of: ["alertname": "ServiceDown", "service": "a"]) == nil)
        #expect(inhibition.explanation(of: ["alertname": "ServiceDown", "service": "b"]) == nil)
        #expect(inhibition.explanation(of: ["alertname": "Slow", "service": "c"]) != nil)
    }
}
