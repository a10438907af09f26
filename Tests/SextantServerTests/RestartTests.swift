import Foundation
import HummingbirdTesting
import Prometheus
import Testing
import SextantServer
import SextantStorage
import SextantTestSupport

@Suite("Restarts")
struct RestartTests {
    @Test(arguments: TestBackend.available)
    func dataSurvivesARestart(_ backend: TestBackend) async throws {
        let yaml = try exampleCatalog()
        try await withTestDatabase(backend) { database in
            for run in 0..<2 {
                try await withEngine(on: database) { engine in
                    _ = try await Migrator(engine: engine, logger: .quiet).migrate()
                    let environment = AppEnvironment(configuration: .init(), engine: engine, registry: PrometheusCollectorRegistry())
                    environment.readiness.markMigrated()
                    try await buildApplication(environment, logger: .quiet).test(.router) { client in
                        let client = try await keyed(client, environment)
                        if run == 0 {
                            #expect(try await client.send(.put, "/api/v1/catalog", body: yaml, contentType: "application/yaml").status == .ok)
                        } else {
                            let list = try await client.send(.get, "/api/v1/components")
                            #expect(list.json["total"] as? Int == 4)
                            let impact = try await client.send(.get, "/api/v1/graph/impact?failed=postgres")
                            #expect((impact.json["summary"] as? [String: Int])?["down"] == 4)
                        }
                    }
                }
            }
        }
    }
}
