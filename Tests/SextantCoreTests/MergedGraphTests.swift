import Foundation
import Testing
import SextantCore

@Suite("Declared and observed graph")
struct MergedGraphTests {
    static func seen(_ client: String, _ server: String, _ type: ConnectionType = .direct, at seconds: Double = 0) -> ObservedEdge {
        ObservedEdge(client: client, server: server, connectionType: type,
                     firstSeen: Date(timeIntervalSince1970: seconds), lastSeen: Date(timeIntervalSince1970: seconds + 60))
    }

    static let merged = MergedGraph(
        declared: DemoTopology.graph,
        observed: [
            seen("user", "frontend", .virtualNode), seen("frontend", "api-service"), seen("api-service", "postgres", .database),
            seen("api-service", "worker-service", .messagingSystem), seen("worker-service", "payments.example.com", .virtualNode),
            seen("api-service", "api-service"), seen("api-service", "auth-service", at: 5), seen("api-service", "auth-service", .virtualNode, at: 1),
        ],
        observedServices: ["frontend", "api-service", "worker-service", "billing"]
    )

    @Test func edgesSayWhereTheyAreKnownFrom() {
        let edges = Dictionary(uniqueKeysWithValues: Self.merged.edges.map { ("\($0.from)->\($0.to)", $0) })
        #expect(edges["api-service->postgres"]?.source == .both)
        #expect(edges["api-service->redis"]?.source == .declared)
        #expect(edges["api-service->worker-service"]?.source == .observed)
        #expect(edges["api-service->api-service"] == nil)
        let auth = edges["api-service->auth-service"]
        #expect(auth?.connectionTypes == [.direct, .virtualNode])
        #expect(auth?.firstSeen == Date(timeIntervalSince1970: 1) && auth?.lastSeen == Date(timeIntervalSince1970: 65))
    }

    @Test func nodesAreRegisteredObservedOrBoth() {
        let nodes = Dictionary(uniqueKeysWithValues: Self.merged.nodes.map { ($0.name, $0) })
        #expect(nodes["billing"]?.isRegistered == false && nodes["billing"]?.isObserved == true)
        #expect(nodes["frontend"]?.isRegistered == true && nodes["frontend"]?.isObserved == true)
        #expect(nodes["rabbitmq"]?.isRegistered == false && nodes["rabbitmq"]?.isObserved == false)
        #expect(nodes["payments.example.com"]?.isObserved == true && nodes["payments.example.com"]?.isReporting == false)
    }

    @Test func driftListsBothDirectionsAndLeavesUserOut() {
        let drift = Self.merged.drift
        #expect(drift.observedButUndeclared.map { "\($0.from)->\($0.to)" } == ["api-service->worker-service", "worker-service->payments.example.com"])
        #expect(drift.declaredButNeverObserved.map { "\($0.from)->\($0.to)" }
            == ["api-service->redis", "auth-service->postgres", "auth-service->redis", "worker-service->external-api",
                "worker-service->postgres", "worker-service->rabbitmq"])
        #expect(drift.unregisteredServices == ["billing"])
    }

    @Test func impactTreatsObservedOnlyEdgesAsHard() {
        let withObserved = Self.merged.dependencyGraph().impact(ofFailing: ["frontend"])
        #expect(withObserved.down.map(\.name) == ["user"])
        let workerDown = Self.merged.dependencyGraph().impact(ofFailing: ["worker-service"])
        #expect(workerDown.down.map(\.name) == ["api-service", "frontend", "user"])
        let declaredOnly = Self.merged.dependencyGraph(includingObserved: false).impact(ofFailing: ["worker-service"])
        #expect(declaredOnly.down.isEmpty)
        // Declared attributes win over observation: redis stays a fallback-covered dependency.
        #expect(Self.merged.dependencyGraph().impact(ofFailing: ["redis"]).down.isEmpty)
    }
}
