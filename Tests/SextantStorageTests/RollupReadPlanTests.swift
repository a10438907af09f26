import Foundation
import SQLKit
import Testing
import SextantStorage
import SextantTestSupport

/// How the embedded SQLite (the version the server links, not the `sqlite3` shell's) reads a
/// service's newest rollups: through the index on (service, bucket), not through every row the
/// service has (its primary key leads with the operation) nor every service's rows of that time;
/// and a service's hourly series: through its primary key, not every service's hours.
@Suite("Rollup read plans")
struct RollupReadPlanTests {
    @Test func aServicesNewestBucketsAreReadThroughItsTimeIndex() async throws {
        try await withMigratedEngine(.sqlite) { engine, _ in
            let plan = try await engine.readByPosition("""
                EXPLAIN QUERY PLAN SELECT service, bucket, resolution, SUM(requests) FROM operation_rollups \
                WHERE service = \(bind: "checkout") AND bucket >= \(bind: Int64(1_800_000_000)) AND bucket < \(bind: Int64(1_800_000_600)) \
                AND kind IN (2, 5) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                """)
            let details = (0..<plan.count).compactMap { index in plan[index].last?.text }
            #expect(details.contains { $0.contains("USING INDEX operation_rollups_service_time (service=? AND bucket>? AND bucket<?)") },
                    "\(details)")
        }
    }

    @Test func aServicesHoursAreReadThroughThePrimaryKeyAndExpireThroughTheTimeIndex() async throws {
        try await withMigratedEngine(.sqlite) { engine, _ in
            func details(_ query: SQLQueryString) async throws -> [String] {
                let plan = try await engine.readByPosition(query)
                return (0..<plan.count).compactMap { index in plan[index].last?.text }
            }
            let read = try await details("""
                EXPLAIN QUERY PLAN SELECT service, bucket, 3600, SUM(requests) FROM operation_hours \
                WHERE bucket >= \(bind: Int64(1_797_400_000)) AND bucket < \(bind: Int64(1_800_000_000)) AND service = \(bind: "checkout") \
                AND kind IN (2, 5) GROUP BY 1, 2, 3
                """)
            #expect(read.contains { $0.contains("USING INDEX sqlite_autoindex_operation_hours_1 (service=? AND bucket>? AND bucket<?)") }, "\(read)")
            let expiry = try await details("EXPLAIN QUERY PLAN DELETE FROM operation_hours WHERE bucket < \(bind: Int64(1_800_000_000))")
            #expect(expiry.contains { $0.contains("USING INDEX operation_hours_time (bucket<?)") }, "\(expiry)")
        }
    }
}
