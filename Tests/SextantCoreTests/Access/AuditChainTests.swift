import Foundation
import Testing

@testable import SextantCore

@Suite("Audit chain")
struct AuditChainTests {
    static let key = Array("audit-key-kept-outside-the-database".utf8)

    static func chain(_ count: Int) -> [AuditEntry] {
        var entries: [AuditEntry] = []
        var previous: [UInt8] = []
        for sequence in 1...Int64(count) {
            let entry = AuditEntry(sequence: sequence, time: Date(timeIntervalSince1970: 1_800_000_000 + Double(sequence)),
                                   requestID: "req-\(sequence)", keyID: "K\(sequence % 3)", keyName: "ci", role: .operator,
                                   source: "127.0.0.1", method: "PUT", route: "/api/v1/components/{name}", resource: "component/api-\(sequence)",
                                   action: "update", outcome: .allowed, status: 200, versionBefore: sequence, versionAfter: sequence + 1)
            let sealed = AuditChain.seal(entry, after: previous, key: key)
            entries.append(sealed)
            previous = sealed.mac
        }
        return entries
    }

    @Test func anIntactChainVerifies() {
        #expect(AuditChain.firstBroken(Self.chain(20), key: Self.key) == nil)
    }

    /// Each way of tampering, with the sequence number verification must name.
    @Test func tamperingIsFoundAtTheFirstBrokenRecord() {
        var edited = Self.chain(20)
        edited[6].outcome = .denied
        #expect(AuditChain.firstBroken(edited, key: Self.key) == 7)

        var deleted = Self.chain(20)
        deleted.remove(at: 9)
        #expect(AuditChain.firstBroken(deleted, key: Self.key) == 10)

        // Deleted and renumbered: the next record's MAC no longer follows.
        var renumbered = Self.chain(20)
        renumbered.remove(at: 9)
        for index in 9..<renumbered.count { renumbered[index].sequence -= 1 }
        #expect(AuditChain.firstBroken(renumbered, key: Self.key) == 10)

        // Re-chained from record 5 without the key: every MAC from there on is wrong.
        var rechained = Self.chain(20)
        var previous = rechained[3].mac
        for index in 4..<rechained.count {
            rechained[index].action = "read"
            rechained[index] = AuditChain.seal(rechained[index], after: previous, key: Array("guessed".utf8))
            previous = rechained[index].mac
        }
        #expect(AuditChain.firstBroken(rechained, key: Self.key) == 5)

        // A verifier with another key sees the first record broken.
        #expect(AuditChain.firstBroken(Self.chain(3), key: Array("other".utf8)) == 1)
    }

    @Test func theCanonicalFormSeparatesFieldsUnambiguously() {
        var a = Self.chain(1)[0]
        var b = a
        a.resource = "ab"
        a.action = "c"
        b.resource = "a"
        b.action = "bc"
        #expect(a.canonicalForm != b.canonicalForm)
    }

    /// The head names records deleted from the end, a head without a valid seal, and a record
    /// at its place that is not the one it sealed; records appended after it was read are fine.
    @Test func theSealedHeadNamesWhatWasDeletedFromTheEnd() {
        let entries = Self.chain(10)
        func head(_ sequence: Int64, key: [UInt8] = Self.key) -> (sequence: Int64, mac: [UInt8], seal: [UInt8]) {
            let mac = entries[Int(sequence) - 1].mac
            return (sequence, mac, AuditChain.headSeal(sequence: sequence, mac: mac, key: key))
        }
        let cases: [(head: (sequence: Int64, mac: [UInt8], seal: [UInt8])?, atHead: AuditEntry?, last: Int64, broken: Int64?)] = [
            (head(10), entries[9], 10, nil),              // intact
            (head(8), entries[7], 10, nil),               // two appended since the head was read
            (head(10), nil, 8, 9),                        // 9 and 10 deleted
            (head(10), nil, 0, 1),                        // everything deleted
            (nil, nil, 0, nil),                           // an empty trail
            (nil, nil, 10, 11),                           // the head deleted
            (head(10, key: Array("forged".utf8)), entries[9], 10, 10),
            (head(10), entries[8], 10, 10),               // another record in its place
        ]
        for (index, check) in cases.enumerated() {
            #expect(AuditChain.firstBrokenAtHead(head: check.head, recordAtHead: check.atHead, last: check.last, key: Self.key) == check.broken,
                    "case \(index)")
        }
    }
}
