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
    /// The trail's head as stored: the last record's sequence number and MAC, and their seal.
    func head() async throws -> (sequence: Int64, mac: [UInt8], seal: [UInt8])?
}

extension AuditStore {
    /// The sequence number of the first record that breaks the chain under `key`, or `nil` when
    /// every record is intact; read a page at a time.
    /// Records deleted from the end are found through the sealed head, read first.
    public func firstBrokenRecord(key: [UInt8], pageSize: Int = 1_000) async throws -> Int64? {
        let head = try await head()
        var next: Int64 = 1
        var previous: [UInt8] = []
        var atHead: AuditEntry?
        var last: Int64 = 0
        while true {
            let page = try await entries(from: next, limit: pageSize)
            if let broken = AuditChain.firstBroken(page, firstSequence: next, after: previous, key: key) { return broken }
            if let head, let entry = page.first(where: { $0.sequence == head.sequence }) { atHead = entry }
            guard let final = page.last else { break }
            last = final.sequence
            guard page.count == pageSize else { break }
            next = final.sequence + 1
            previous = final.mac
        }
        return AuditChain.firstBrokenAtHead(head: head, recordAtHead: atHead, last: last, key: key)
    }
}
