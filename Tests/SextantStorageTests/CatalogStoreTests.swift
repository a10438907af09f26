import Foundation
import Testing
import SextantCore
import SextantStorage
import SextantTestSupport

/// The catalog store's contract, run against every backend.
@Suite("Catalog store")
struct CatalogStoreTests {
    static let api = Component(
        name: "api-service", version: "1.8.2", owner: "team-core", tier: 1,
        healthEndpoint: "http://127.0.0.1:8081/health", labels: ["team": "core", "language": "go"],
        dependencies: [
            Dependency(name: "postgres", type: .database),
            Dependency(name: "redis", type: .cache, isCritical: true, hasFallback: true),
            Dependency(name: "auth-service", type: .internalService),
        ]
    )

    static func component(_ name: String, owner: String = "team-a", tier: Int = 2, labels: [String: String] = [:]) -> Component {
        Component(name: name, owner: owner, tier: tier, labels: labels, dependencies: [Dependency(name: "postgres", type: .database)])
    }

    @Test(arguments: TestBackend.available)
    func createdComponentsReadBackWhole(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000.123))
            let store = SQLCatalogStore(engine: engine, clock: clock)
            let created = try await store.create(Self.api)
            let read = try #require(try await store.component(named: "api-service"))
            #expect(read == created)
            #expect(read.component == Self.api)
            #expect(read.component.dependencies.map(\.name) == ["postgres", "redis", "auth-service"])
            #expect(read.createdAt == Date(timeIntervalSince1970: 1_700_000_000.123))
            #expect(try await store.component(named: "nothing") == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func creatingATakenNameIsAConflict(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLCatalogStore(engine: engine)
            _ = try await store.create(Self.api)
            await #expect(throws: StoreError.conflict("component 'api-service' already exists")) {
                try await store.create(Self.api)
            }
            #expect(try await store.revision() == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func listsFilterAndPage(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLCatalogStore(engine: engine)
            for index in 0..<7 {
                _ = try await store.create(Self.component(
                    "svc-\(index)", owner: index.isMultiple(of: 2) ? "team-even" : "team-odd", tier: 1 + index % 4,
                    labels: ["zone": index < 3 ? "eu" : "us", "index": "\(index)"]
                ))
            }
            let firstPage = try await store.components(matching: ComponentQuery(limit: 3))
            #expect(firstPage.items.map(\.component.name) == ["svc-0", "svc-1", "svc-2"])
            #expect(firstPage.total == 7)
            #expect(firstPage.nextCursor == "svc-2")
            let secondPage = try await store.components(matching: ComponentQuery(limit: 3, after: firstPage.nextCursor))
            #expect(secondPage.items.map(\.component.name) == ["svc-3", "svc-4", "svc-5"])
            let lastPage = try await store.components(matching: ComponentQuery(limit: 3, after: secondPage.nextCursor))
            #expect(lastPage.items.map(\.component.name) == ["svc-6"])
            #expect(lastPage.nextCursor == nil)

            let even = try await store.components(matching: ComponentQuery(owner: "team-even"))
            #expect(even.items.map(\.component.name) == ["svc-0", "svc-2", "svc-4", "svc-6"])
            let tierTwo = try await store.components(matching: ComponentQuery(tier: 2))
            #expect(tierTwo.items.map(\.component.name) == ["svc-1", "svc-5"])
            let euOdd = try await store.components(matching: ComponentQuery(owner: "team-odd", labels: ["zone": "eu"]))
            #expect(euOdd.items.map(\.component.name) == ["svc-1"])
            let twoLabels = try await store.components(matching: ComponentQuery(labels: ["zone": "us", "index": "4"]))
            #expect(twoLabels.items.map(\.component.name) == ["svc-4"])
            #expect(twoLabels.items.first?.component.labels == ["zone": "us", "index": "4"])
        }
    }

    @Test(arguments: TestBackend.available)
    func replaceCreatesUpdatesAndLeavesIdenticalDefinitionsAlone(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let clock = ManualClock()
            let store = SQLCatalogStore(engine: engine, clock: clock)
            let first = try await store.replace(Self.api)
            #expect(first.created)
            clock.advance(by: 60)
            let same = try await store.replace(Self.api)
            #expect(!same.created)
            #expect(same.record.updatedAt == first.record.updatedAt)
            #expect(try await store.revision() == 1)

            var changed = Self.api
            changed.dependencies.removeLast()
            changed.labels = ["team": "platform"]
            clock.advance(by: 60)
            let updated = try await store.replace(changed)
            #expect(!updated.created)
            #expect(updated.record.createdAt == first.record.createdAt)
            #expect(updated.record.updatedAt > first.record.updatedAt)
            #expect(try await store.component(named: "api-service")?.component == changed)
            #expect(try await store.revision() == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func deleteRemovesEverythingOfAComponent(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLCatalogStore(engine: engine)
            _ = try await store.create(Self.api)
            let deleted = try await store.deleteComponent(named: "api-service")
            let deletedAgain = try await store.deleteComponent(named: "api-service")
            #expect(deleted && !deletedAgain)
            #expect(try await store.component(named: "api-service") == nil)
            let bare = Component(name: "api-service", owner: "o", tier: 3)
            _ = try await store.create(bare)
            #expect(try await store.component(named: "api-service")?.component == bare)
        }
    }

    @Test(arguments: TestBackend.available)
    func applyIsIdempotentAndSaysWhatChanged(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLCatalogStore(engine: engine)
            _ = try await store.create(Self.component("legacy"))
            let document = CatalogDocument(components: [Self.api, Self.component("worker")])
            let first = try await store.apply(document, prune: false, dryRun: false)
            #expect(first.created == ["api-service", "worker"])
            #expect(first.changed)
            let second = try await store.apply(document, prune: false, dryRun: false)
            #expect(!second.changed)
            #expect(second.unchanged == ["api-service", "worker"])
            #expect(second.revision == first.revision)

            var changedWorker = Self.component("worker")
            changedWorker.tier = 4
            let preview = try await store.apply(CatalogDocument(components: [Self.api, changedWorker]), prune: true, dryRun: true)
            #expect(preview.updated == ["worker"] && preview.deleted == ["legacy"] && preview.dryRun)
            #expect(try await store.component(named: "legacy") != nil)
            #expect(try await store.revision() == first.revision)

            let pruned = try await store.apply(CatalogDocument(components: [Self.api, changedWorker]), prune: true, dryRun: false)
            #expect(pruned.updated == ["worker"] && pruned.deleted == ["legacy"] && pruned.unchanged == ["api-service"])
            #expect(try await store.snapshot().components.map(\.name) == ["api-service", "worker"])
        }
    }

    @Test(arguments: TestBackend.available)
    func aFailedApplyWritesNothing(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLCatalogStore(engine: engine)
            var broken = Self.component("broken")
            broken.tier = 9 // refused by the schema's CHECK, after the others were written
            await #expect(throws: (any Error).self) {
                try await store.apply(CatalogDocument(components: [Self.api, Self.component("worker"), broken]), prune: false, dryRun: false)
            }
            let snapshot = try await store.snapshot()
            #expect(snapshot.components.isEmpty)
            #expect(snapshot.revision == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func largeCatalogsApplyInOneTransaction(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLCatalogStore(engine: engine)
            let components = (0..<1_500).map { index in
                Component(name: "svc-\(index)", owner: "team-\(index % 9)", tier: 1 + index % 4, labels: ["shard": "\(index % 5)"],
                          dependencies: (1...3).map { Dependency(name: "svc-\((index + $0 * 7) % 1_500)", type: .internalService) })
            }
            let result = try await store.apply(CatalogDocument(components: components), prune: false, dryRun: false)
            #expect(result.created.count == 1_500)
            let snapshot = try await store.snapshot()
            #expect(snapshot.components.count == 1_500)
            #expect(snapshot.components.reduce(0) { $0 + $1.dependencies.count } == 4_500)
            #expect(Set(snapshot.components) == Set(components))
        }
    }

    @Test(arguments: TestBackend.available)
    func concurrentWritersAreSerialized(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLCatalogStore(engine: engine)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<24 {
                    // Two writers per name: exactly one of each pair may win.
                    group.addTask { (try? await store.create(Self.component("svc-\(index / 2)"))) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 12)
            let snapshot = try await store.snapshot()
            #expect(snapshot.components.count == 12)
            #expect(snapshot.revision == 12)
        }
    }

    @Test(arguments: TestBackend.available)
    func dataSurvivesReopening(_ backend: TestBackend) async throws {
        try await withTestDatabase(backend) { database in
            try await withEngine(on: database) { engine in
                _ = try await Migrator(engine: engine, logger: .quiet).migrate()
                _ = try await SQLCatalogStore(engine: engine).create(Self.api)
            }
            try await withEngine(on: database) { engine in
                let outcome = try await Migrator(engine: engine, logger: .quiet).migrate()
                #expect(outcome.applied.isEmpty)
                #expect(try await SQLCatalogStore(engine: engine).component(named: "api-service")?.component == Self.api)
            }
        }
    }
}
