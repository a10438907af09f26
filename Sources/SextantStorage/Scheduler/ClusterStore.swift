import Foundation
import SQLKit

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
