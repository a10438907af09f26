import Foundation
import SextantCore

/// Where the audit trail is kept: a chain of records (see ``AuditChain``).
public protocol AuditStore: Sendable {
    /// Appends `entry` as the next record — its sequence number follows the last, its MAC the
    /// last one's, under `key` — in one transaction, and returns it as stored. Appends of all
    /// replicas take their turn.
    func append(_ entry: AuditEntry, sealedWith key: [UInt8]) async throws -> AuditEntry
    /// Up to `limit` records from sequence number `first` on, in order. A record that cannot be
    /// read comes back with no MAC, so that verification names it.
    func entries(from first: Int64, limit: Int) async throws -> [AuditEntry]
    /// The records `query` selects, in sequence order; unreadable ones are left out.
    func entries(matching query: AuditQuery) async throws -> [AuditEntry]
}

extension AuditStore {
    /// The sequence number of the first record that breaks the chain under `key`, or `nil` when
    /// every record is intact; read a page at a time.
    public func firstBrokenRecord(key: [UInt8], pageSize: Int = 1_000) async throws -> Int64? {
        var next: Int64 = 1
        var previous: [UInt8] = []
        while true {
            let page = try await entries(from: next, limit: pageSize)
            if let broken = AuditChain.firstBroken(page, firstSequence: next, after: previous, key: key) { return broken }
            guard let last = page.last, page.count == pageSize else { return nil }
            next = last.sequence + 1
            previous = last.mac
        }
    }
}
