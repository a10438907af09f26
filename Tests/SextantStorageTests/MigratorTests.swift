import Testing
import SextantStorage
import SextantTestSupport

@Suite("Migrations")
struct MigratorTests {
    @Test(arguments: TestBackend.available)
    func applyOnceAndAreIdempotent(_ backend: TestBackend) async throws {
        try await withTestDatabase(backend) { database in
            try await withEngine(on: database) { engine in
                let first = try await Migrator(engine: engine, logger: .quiet).migrate()
                #expect(first.applied == Migrations.all.map(\.version))
                #expect(first.currentVersion == Migrations.latestVersion)
                let second = try await Migrator(engine: engine, logger: .quiet).migrate()
                #expect(second.applied.isEmpty)
                #expect(second.currentVersion == Migrations.latestVersion)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func replicasMigratingAtOnceApplyEachStepOnce(_ backend: TestBackend) async throws {
        try await withTestDatabase(backend) { database in
            try await withEngine(on: database) { engine in
                let outcomes = try await withThrowingTaskGroup(of: Migrator.Outcome.self) { group in
                    for _ in 0..<4 { group.addTask { try await Migrator(engine: engine, logger: .quiet).migrate() } }
                    return try await group.reduce(into: [Migrator.Outcome]()) { $0.append($1) }
                }
                #expect(outcomes.flatMap(\.applied).sorted() == Migrations.all.map(\.version))
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func refuseASchemaNewerThanTheBuild(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            try await engine.write { database in
                try await database.raw("INSERT INTO sextant_schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)").run()
            }
            await #expect(throws: StoreError.self) {
                try await Migrator(engine: engine, logger: .quiet).migrate()
            }
        }
    }
}
