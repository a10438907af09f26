import Testing
import SextantCore

@Suite("Can operate")
struct OperabilityTests {
    @Test func apiServiceIsBlockedByPostgres() {
        let answer = DemoTopology.graph.operability(of: "api-service", whenFailing: ["postgres"])
        #expect(!answer.canOperate)
        #expect(answer.status == .down)
        // auth-service is down too, and api-service needs it without a fallback.
        #expect(answer.blockedBy == ["auth-service", "postgres"])
        #expect(answer.chain == ["api-service", "postgres"])
    }

    @Test func frontendIsBlockedByItsDownDependencyNotTheRootCause() {
        let answer = DemoTopology.graph.operability(of: "frontend", whenFailing: ["postgres"])
        #expect(!answer.canOperate)
        #expect(answer.blockedBy == ["api-service"])
        #expect(answer.chain == ["frontend", "api-service", "postgres"])
    }

    @Test func aFallbackKeepsAServiceOperating() {
        let answer = DemoTopology.graph.operability(of: "api-service", whenFailing: ["redis"])
        #expect(answer.canOperate)
        #expect(answer.status == .degraded)
        #expect(answer.blockedBy.isEmpty)
        // redis directly, and auth-service, which redis degrades and api-service needs.
        #expect(answer.degradedBy == ["auth-service", "redis"])
    }

    @Test func unaffectedAndFailedNodes() {
        let unaffected = DemoTopology.graph.operability(of: "worker-service", whenFailing: ["redis"])
        #expect(unaffected.canOperate && unaffected.status == nil && unaffected.chain.isEmpty)
        let failed = DemoTopology.graph.operability(of: "postgres", whenFailing: ["postgres"])
        #expect(!failed.canOperate && failed.status == .failed)
    }
}
