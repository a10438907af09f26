/// Whether the audit trail is intact, and if not, the first record that breaks it.
public struct AuditVerification: Codable, Sendable {
    public var intact: Bool
    public var firstBroken: Int64?

    public init(firstBroken: Int64?) {
        self.intact = firstBroken == nil
        self.firstBroken = firstBroken
    }
}
