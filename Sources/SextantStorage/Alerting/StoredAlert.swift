import Foundation
import SextantCore

/// An alert ready to be stored: encoded by whoever received it, so that encoding runs in
/// parallel and the shared commit only writes.
public struct StoredAlert: Sendable {
    public let fingerprint: String
    public let endsAt: Date
    public let updatedAt: Date
    /// The process that received the alert: one id per process, so that replicas tell the
    /// alerts others wrote from their own.
    public let writer: String
    /// The row as SQL values, `(fingerprint, alert, ends_at, updated_at, written_by)`.
    let values: String

    public init(_ alert: Alert, writtenBy writer: String) {
        self.writer = writer
        fingerprint = alert.fingerprint.fingerprintText
        endsAt = alert.endsAt
        updatedAt = alert.updatedAt
        let json = alert.storedJSON
        var row: [UInt8] = []
        row.reserveCapacity(json.count + 64)
        row.append(UInt8(ascii: "("))
        SQLText.appendLiteral(Array(fingerprint.utf8), to: &row)
        row.append(contentsOf: ", ".utf8)
        SQLText.appendLiteral(json, to: &row)
        row.append(contentsOf: ", \(endsAt.millisecondsSince1970), \(updatedAt.millisecondsSince1970), ".utf8)
        SQLText.appendLiteral(Array(writer.utf8), to: &row)
        row.append(UInt8(ascii: ")"))
        values = String(decoding: row, as: UTF8.self)
    }
}
