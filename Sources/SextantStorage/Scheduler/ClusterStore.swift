import Foundation
import SQLKit

/// A Sextant process sharing the database.
public struct ReplicaRecord: Sendable, Equatable {
    public var id: String
    public var host: String
    public var pid: Int
    public var startedAt: Date
    public var lastHeartbeat: Date

    public init(id: String, host: String, pid: Int, startedAt: Date, lastHeartbeat: Date) {
        self.id = id
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.lastHeartbeat = lastHeartbeat
    }
}

/// Who holds a named lease, since when and until when.
public struct Lease: Sendable, Equatable {
    public var name: String
    public var holder: String
    public var acquiredAt: Date
    public var expiresAt: Date
}

/// Replicas and leases, for leadership across replicas.
public protocol ClusterStore: Sendable {
    /// Records that `replica` is alive at `now`.
    func heartbeat(_ replica: ReplicaRecord, at now: Date) async throws
    /// Takes or renews the lease `name` for `holder` until `now + ttl`, unless another holder's
    /// lease has not expired; says whether `holder` holds it now. Atomic: at most one holder.
    func acquireLease(_ name: String, holder: String, at now: Date, ttl: TimeInterval) async throws -> Bool
    /// Gives the lease up, if `holder` holds it.
    func releaseLease(_ name: String, holder: String) async throws
    /// The lease `name`, if anyone ever held it.
    func lease(_ name: String) async throws -> Lease?
    /// Every replica that sent a heartbeat, newest first.
    func replicas() async throws -> [ReplicaRecord]
    /// Forgets replicas silent since `cutoff`.
    func forgetReplicas(silentSince cutoff: Date) async throws
}

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
