/// The audit trail as a chain: each record carries an HMAC over the previous record's HMAC and
/// its own canonical form, under a key kept outside the database. Whoever can only write the
/// database cannot edit, delete, insert or re-chain records without the verification noticing.
public enum AuditChain {
    /// `entry` with its MAC, following a record whose MAC was `previous` (empty for the first).
    public static func seal(_ entry: AuditEntry, after previous: [UInt8], key: [UInt8]) -> AuditEntry {
        var sealed = entry
        sealed.mac = HMAC.sha256(key: key, message: previous + entry.canonicalForm)
        return sealed
    }

    /// The sequence number of the first record that breaks the chain — altered, out of place,
    /// or following a gap — or `nil` when `entries` (in sequence order, starting after a record
    /// whose MAC was `previous` and whose sequence number was `firstSequence - 1`) are intact.
    public static func firstBroken(_ entries: [AuditEntry], firstSequence: Int64 = 1, after previous: [UInt8] = [], key: [UInt8]) -> Int64? {
        var expected = firstSequence
        var previous = previous
        for entry in entries {
            guard entry.sequence == expected else { return expected }
            guard ConstantTime.equal(seal(entry, after: previous, key: key).mac, entry.mac) else { return entry.sequence }
            previous = entry.mac
            expected += 1
        }
        return nil
    }

    /// The seal of the trail's head: the last record's sequence number and MAC, under `key`.
    public static func headSeal(sequence: Int64, mac: [UInt8], key: [UInt8]) -> [UInt8] {
        HMAC.sha256(key: key, message: Array("audit-head:\(sequence):".utf8) + mac)
    }

    /// The first sequence number the head shows missing or altered, given the head read before
    /// the records (`nil` when there is none) and the record at its sequence number (`nil` when
    /// there is none); `last` is the last record's sequence number (0 for none). Records after
    /// the head were appended since it was read.
    public static func firstBrokenAtHead(head: (sequence: Int64, mac: [UInt8], seal: [UInt8])?, recordAtHead: AuditEntry?, last: Int64,
                                         key: [UInt8]) -> Int64? {
        guard let head else { return last == 0 ? nil : last + 1 }
        guard ConstantTime.equal(headSeal(sequence: head.sequence, mac: head.mac, key: key), head.seal) else { return min(head.sequence, last + 1) }
        guard let recordAtHead else { return last + 1 }
        return ConstantTime.equal(recordAtHead.mac, head.mac) ? nil : head.sequence
    }
}
