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

    @Test(arguments: TestBackend.available)
    func operationHoursAreFilledFromTheMinutesAlreadyStored(_ backend: TestBackend) async throws {
        try await withTestDatabase(backend) { database in
            try await withEngine(on: database) { engine in
                _ = try await Migrator(engine: engine, migrations: Migrations.all.filter { $0.version < 17 }, logger: .quiet).migrate()
                let histogram = (0..<15).map { $0 == 5 ? "2" : "0" }.joined(separator: ", ")
                try await engine.write { database in
                    for (resolution, bucket, requests) in [(60, 1_800_000_000, 3), (60, 1_800_000_060, 4), (60, 1_800_003_600, 5), (3_600, 1_799_996_400, 100)] {
                        try await database.raw("""
                            INSERT INTO operation_rollups (service, operation, kind, resolution, bucket, requests, errors, server_errors, latency_sum, \
                            l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12, l13, l14) \
                            VALUES ('api', 'GET /', 2, \(bind: resolution), \(bind: Int64(bucket)), \(bind: requests), 1, 0, 0.5, \(unsafeRaw: histogram))
                            """).run()
                    }
                }
                _ = try await Migrator(engine: engine, logger: .quiet).migrate()
                let hours = try await engine.read { database in
                    try await database.raw("SELECT bucket, requests, errors, l5 FROM operation_hours ORDER BY bucket").all().map { row in
                        try ["bucket", "requests", "errors", "l5"].map { try row.decode(column: $0, as: Int64.self) }
                    }
                }
                #expect(hours == [[1_799_996_400, 100, 1, 2], [1_800_000_000, 7, 2, 4], [1_800_003_600, 5, 1, 2]])
                // Read as hours: the hour bucket, then the minutes' hours.
                let series = try await SQLRollupStore(engine: engine).operationSeries(
                    OperationSeriesQuery(service: "api", hoursBefore: 1_800_007_200), from: 0, to: 2_000_000_000
                )
                #expect(series.map(\.rollup.requests) == [100, 7, 5] && series.allSatisfy { $0.length == 3_600 })
            }
        }
    }
}
