/// A page of audit records, oldest first; `nextCursor` is the `after` of the next page.
public struct AuditList: Codable, Sendable {
    public var records: [AuditRecordView]
    public var nextCursor: Int64?

    public init(records: [AuditRecordView], nextCursor: Int64?) {
        self.records = records
        self.nextCursor = nextCursor
    }
}
