import Foundation
import SextantCore

/// Where RED rollups, observed edges and observed services are kept.
///
/// Windows are `[from, to)` in seconds since 1970 and select buckets by their start, at both
/// resolutions: each span is counted in exactly one bucket of one resolution, so sums over a
/// window never count anything twice.
///
/// Every read sees every delta committed before it began: reads fold the ingest log first (one
/// fold serves every read that asked while the previous one ran). For many reads in a row,
/// ``foldedView()`` folds once and returns a view whose reads fold nothing more.
public protocol RollupStore: Sendable {
    /// Appends a delta, received at `now`, to the ingest log in one transaction: all of it is
    /// durable when this returns, or none of it. A fold adds it to the rollups.
    func commit(_ delta: RollupDelta, at now: Date) async throws
    /// Folds logged deltas into the rollups and the observed edges and services, deleting them
    /// from the log in the same transaction, so each is counted exactly once. Returns how many
    /// deltas were folded. Reads do this themselves; the ingest pipeline calls it to keep the
    /// log short.
    @discardableResult
    func foldPending() async throws -> Int
    /// The store as it is after a fold now: its reads see what was committed before this call,
    /// and fold nothing more.
    func foldedView() async throws -> Self
    /// The operations of `service` with their rollups summed over the window.
    func operations(of service: String, from: Int64, to: Int64) async throws -> [OperationIdentity: OperationRollup]
    /// Edge rollups summed over the window, optionally for one client and/or server.
    /// Each version's rollup of `service`'s requests in buckets `[from, to)`.
    func versions(of service: String, from: Int64, to: Int64) async throws -> [String: OperationRollup]
    /// Each version's rollup of `service`'s requests to `operation` in buckets `[from, to)`.
    func versions(of service: String, operation: String, from: Int64, to: Int64) async throws -> [String: OperationRollup]
    func edges(from: Int64, to: Int64, client: String?, server: String?) async throws -> [EdgeIdentity: EdgeRollup]
    /// Every edge ever seen, by origin.
    func observedEdges() async throws -> [ObservedEdge]
    /// Records edges seen elsewhere (Prometheus): first seen stays the earliest, last seen the
    /// latest, and an edge seen again is no longer stale.
    func recordObservedEdges(_ edges: [ObservedEdge]) async throws
    /// Marks stale every edge last seen before `cutoff`; returns how many became stale.
    func markStaleEdges(lastSeenBefore cutoff: Date) async throws -> Int
    /// Every service ever seen.
    func observedServices() async throws -> [ObservedService]
    /// Folds the log, then folds old minute buckets into hour buckets and deletes expired hour
    /// buckets.
    func applyRetention(_ pass: RollupRetention.Pass) async throws
}
