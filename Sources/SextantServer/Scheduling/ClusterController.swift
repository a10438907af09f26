import Foundation
import SextantAPI
import Hummingbird
import SextantCore
import SextantStorage

/// The replicas sharing the database and which one leads: `/api/v1/cluster`.
struct ClusterController {
    let leadership: Leadership
    let cluster: any ClusterStore
    let clock: any WallClock

    func addRoutes(to routes: Routes) {
        routes.get("api/v1/cluster", needs: .needs(.read), answers: ClusterResponse.self, use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let now = clock.now()
        var leader: ClusterResponse.Leader?
        if leadership.isReplicated {
            if let lease = try await cluster.lease(Leadership.leaseName), lease.expiresAt > now {
                leader = .init(replica: lease.holder, since: lease.acquiredAt, expiresAt: lease.expiresAt)
            }
        } else {
            leader = .init(replica: leadership.replica.id, since: leadership.replica.startedAt, expiresAt: nil)
        }
        // Read after the lease: a replica records its heartbeat before it takes the lease, so the
        // holder of a lease seen here is always among the replicas listed.
        let replicas = try await cluster.replicas()
        return try JSONResponse.make(ClusterResponse(
            mode: leadership.isReplicated ? "replicated" : "single-replica",
            replica: leadership.replica.id,
            leader: leader,
            replicas: replicas.map { replica in
                .init(id: replica.id, host: replica.host, pid: replica.pid, startedAt: replica.startedAt, lastHeartbeat: replica.lastHeartbeat,
                      alive: now.timeIntervalSince(replica.lastHeartbeat) < leadership.ttl, leader: replica.id == leader?.replica)
            }
        ))
    }
}
