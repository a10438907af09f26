import Foundation
import Testing
import Yams
@testable import SextantServer
import SextantCore
import SextantWire

@Suite("Demo")
struct DemoTests {
    @Test func theBuiltInCatalogIsTheExampleCatalog() throws {
        let example = try YAMLDecoder().decode(CatalogDocument.self, from: try exampleCatalog())
        #expect(example.components == DemoCatalog.components)
    }

    @Test func demoTracesPairIntoTheDemoTopology() throws {
        var traces = DemoTraces(random: SystemRandomNumberGenerator())
        let export = traces.checkouts(200, now: Date(timeIntervalSince1970: 1_700_000_000))
        let decoded = try OTLPProtobufDecoder.decode(export.protobuf())
        #expect(decoded.rejected == 0)
        var pairer = ServiceGraphPairer(configuration: .init(wait: 10))
        var events = PairingEvents()
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        for span in decoded.spans { pairer.observe(span, at: now, into: &events) }
        pairer.expire(at: now.addingTimeInterval(11), into: &events)
        let edges = Set(events.edges.map { "\($0.client)->\($0.server):\($0.connectionType.rawValue)" })
        #expect(edges == [
            "user->frontend:virtual_node", "frontend->api-service:direct", "api-service->auth-service:direct",
            "api-service->redis:database", "api-service->postgres:database", "auth-service->postgres:database",
            "api-service->worker-service:messaging_system", "worker-service->postgres:database",
            "worker-service->external-api:virtual_node",
        ])
        #expect(events.expiredEdges[.unpairedClient] == nil && events.expiredEdges[.unpairedServer] == nil)
        let checkouts = decoded.spans.filter { $0.name == "GET /checkout" }
        #expect(checkouts.count == 200)
        #expect(checkouts.filter(\.isError).count < 20)
    }
}
