import Foundation
import SextantCore
import SextantStorage

/// The audit trail as the server writes it: records sealed with the key kept outside the
/// database.
struct AuditTrail: Sendable {
    let store: any AuditStore
    let key: [UInt8]

    /// Appends `entry` (its sequence number and MAC are set by the store).
    @discardableResult
    func append(_ entry: AuditEntry) async throws -> AuditEntry {
        try await store.append(entry, sealedWith: key)
    }

    /// The first record that breaks the chain, if any.
    func firstBrokenRecord() async throws -> Int64? {
        try await store.firstBrokenRecord(key: key)
    }
}
