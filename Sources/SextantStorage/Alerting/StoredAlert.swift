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
    /// The alert as the store keeps it (JSON, UTF-8).
    let json: [UInt8]
    /// The row as SQL values, `(fingerprint, alert, ends_at, updated_at, written_by)`, when the
    /// store writes literal values (see ``AlertingStore/writesAlertsAsLiterals``).
    let literalValues: String?

    /// `asLiterals`: whether to encode the row's SQL values ahead of the commit.
    public init(_ alert: Alert, writtenBy writer: String, asLiterals: Bool = true) {
        self.writer = writer
        fingerprint = alert.fingerprint.fingerprintText
        endsAt = alert.endsAt
        updatedAt = alert.updatedAt
        json = alert.storedJSON
        literalValues = asLiterals ? Self.literalValues(fingerprint: fingerprint, json: json, endsAt: endsAt, updatedAt: updatedAt, writer: writer) : nil
    }

    /// The row as SQL values.
    var values: String {
        literalValues ?? Self.literalValues(fingerprint: fingerprint, json: json, endsAt: endsAt, updatedAt: updatedAt, writer: writer)
    }

    /// The JSON as text to bind; a NUL byte, which text cannot hold, is dropped.
    var jsonText: String {
        json.contains(0) ? String(decoding: json.filter { $0 != 0 }, as: UTF8.self) : String(decoding: json, as: UTF8.self)
    }

    private static func literalValues(fingerprint: String, json: [UInt8], endsAt: Date, updatedAt: Date, writer: String) -> String {
        var row: [UInt8] = []
        row.reserveCapacity(json.count + 64)
        row.append(UInt8(ascii: "("))
        SQLText.appendLiteral(Array(fingerprint.utf8), to: &row)
        row.append(contentsOf: ", ".utf8)
        SQLText.appendLiteral(json, to: &row)
        row.append(contentsOf: ", \(endsAt.millisecondsSince1970), \(updatedAt.millisecondsSince1970), ".utf8)
        SQLText.appendLiteral(Array(writer.utf8), to: &row)
        row.append(UInt8(ascii: ")"))
        return String(decoding: row, as: UTF8.self)
    }
}
