import SextantCore

/// Where an alert stands in `GET /api/v1/alerts`: by fingerprint, a pending rule alert after
/// a posted alert with the same labels. A page's cursor is the position of its last alert.
struct AlertPosition: Comparable {
    var fingerprint: UInt64
    var pending: Bool

    init(fingerprint: UInt64, pending: Bool) {
        self.fingerprint = fingerprint
        self.pending = pending
    }

    /// Reads a cursor written by `cursor`; `nil` for anything else.
    init?(cursor: String) {
        let parts = cursor.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].utf8.count == 16, let fingerprint = UInt64(parts[0], radix: 16),
              parts.count == 1 || parts[1] == "pending" else { return nil }
        self.init(fingerprint: fingerprint, pending: parts.count == 2)
    }

    var cursor: String {
        fingerprint.fingerprintText + (pending ? "/pending" : "")
    }

    static func < (left: AlertPosition, right: AlertPosition) -> Bool {
        (left.fingerprint, left.pending ? 1 : 0) < (right.fingerprint, right.pending ? 1 : 0)
    }
}
