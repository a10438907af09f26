import Foundation
import SQLKit

/// Replicas and leases over any ``SQLEngine``.
public struct SQLClusterStore: ClusterStore {
    let engine: any SQLEngine

    public init(engine: any SQLEngine) {
        self.engine = engine
    }

    public func heartbeat(_ replica: ReplicaRecord, at now: Date) async throws {
        let rows: [[any Encodable & Sendable]] = [[replica.id, replica.host, replica.pid, replica.startedAt.millisecondsSince1970, now.millisecondsSince1970]]
        let upsert = AdditiveUpsert(
            table: "cluster_replicas", columns: ["id", "host", "pid", "started_at", "last_heartbeat"], conflictColumns: ["id"],
            additiveColumns: [], otherAssignments: ["last_heartbeat = excluded.last_heartbeat"]
        )
        try await engine.write { database in try await upsert.run(rows, on: database) }
    }

    public func acquireLease(_ name: String, holder: String, at now: Date, ttl: TimeInterval) async throws -> Bool {
        let start = now.millisecondsSince1970
        let expiry = now.addingTimeInterval(ttl).millisecondsSince1970
        return try await engine.write { database in
            // One statement: insert, or take over an expired lease, or renew one's own; the row
            // comes back only when `holder` holds the lease afterwards.
            let row = try await database.raw("""
                INSERT INTO cluster_leases (name, holder, acquired_at, expires_at) \
                VALUES (\(bind: name), \(bind: holder), \(bind: start), \(bind: expiry)) \
                ON CONFLICT (name) DO UPDATE SET \
                acquired_at = CASE WHEN cluster_leases.holder = excluded.holder THEN cluster_leases.acquired_at ELSE excluded.acquired_at END, \
                holder = excluded.holder, expires_at = excluded.expires_at \
                WHERE cluster_leases.holder = excluded.holder OR cluster_leases.expires_at < excluded.acquired_at \
                RETURNING holder
                """).first()
            return try row?.decode(column: "holder", as: String.self) == holder
        }
    }

    public func releaseLease(_ name: String, holder: String) async throws {
        try await engine.write { database in
            try await database.raw("DELETE FROM cluster_leases WHERE name = \(bind: name) AND holder = \(bind: holder)").run()
        }
    }

    public func lease(_ name: String) async throws -> Lease? {
        try await engine.read { database in
            try await database.raw("SELECT name, holder, acquired_at, expires_at FROM cluster_leases WHERE name = \(bind: name)").first().map { row in
                Lease(
                    name: try row.decode(column: "name", as: String.self),
                    holder: try row.decode(column: "holder", as: String.self),
                    acquiredAt: Date(millisecondsSince1970: try row.decode(column: "acquired_at", as: Int64.self)),
                    expiresAt: Date(millisecondsSince1970: try row.decode(column: "expires_at", as: Int64.self))
                )
            }
        }
    }

    public func replicas() async throws -> [ReplicaRecord] {
        try await engine.read { database in
            try await database.raw("SELECT id, host, pid, started_at, last_heartbeat FROM cluster_replicas ORDER BY last_heartbeat DESC, id")
                .all().map { row in
                    ReplicaRecord(
                        id: try row.decode(column: "id", as: String.self),
                        host: try row.decode(column: "host", as: String.self),
                        pid: try row.decode(column: "pid", as: Int.self),
                        startedAt: Date(millisecondsSince1970: try row.decode(column: "started_at", as: Int64.self)),
                        lastHeartbeat: Date(millisecondsSince1970: try row.decode(column: "last_heartbeat", as: Int64.self))
                    )
                }
        }
    }

    public func forgetReplicas(silentSince cutoff: Date) async throws {
        let milliseconds = cutoff.millisecondsSince1970
        try await engine.write { database in
            try await database.raw("DELETE FROM cluster_replicas WHERE last_heartbeat < \(bind: milliseconds)").run()
        }
    }
}
