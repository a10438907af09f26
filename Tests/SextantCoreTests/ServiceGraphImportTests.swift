import Testing
import SextantCore

@Suite("Service graph from Prometheus")
struct ServiceGraphImportTests {
    @Test func readsBothProducersFlavours() {
        let (edges, skipped) = ServiceGraphImport.edges(
            totals: [
                (["client": "frontend", "server": "api", "connection_type": ""], 120),
                (["client": "api", "server": "orders", "connection_type": "messaging_system"], 30),
                (["client": "api", "server": "postgres", "connection_type": "database"], 80),
                (["client": "user", "server": "frontend", "virtual_node": "client"], 40),
                (["client": "api", "server": "api", "connection_type": ""], 5),
                (["server": "api"], 3),
                (["client": "", "server": "api"], 3),
                (["client": "batch", "server": "api"], 0),
                (["client": "worker", "server": "queue", "connection_type": "AsyncQueue"], 7),
            ],
            failures: [(["client": "frontend", "server": "api", "connection_type": ""], 6)]
        )
        #expect(edges.map { "\($0.client)->\($0.server) \($0.connectionType.rawValue) async=\($0.isAsynchronous)" } == [
            "api->orders messaging_system async=true",
            "api->postgres database async=false",
            "frontend->api direct async=false",
            "user->frontend virtual_node async=false",
            "worker->queue messaging_system async=true",
        ])
        #expect(edges.first { $0.client == "frontend" }?.failures == 6)
        #expect(edges.first { $0.client == "frontend" }?.requests == 120)
        #expect(skipped.selfLoops == 1 && skipped.missingEndpoint == 2 && skipped.idle == 1 && skipped.total == 4)
    }

    @Test func queriesCarryThePrefixAndWindow() {
        #expect(ServiceGraphImport.totalsQuery(prefix: "tempo_", window: "15m")
            == "sum by (client, server, connection_type, virtual_node) (increase(tempo_traces_service_graph_request_total[15m]))")
        #expect(ServiceGraphImport.failedLabelQuery(prefix: "", window: "5m").contains(#"traces_service_graph_request_total{failed="true"}[5m]"#))
    }
}
