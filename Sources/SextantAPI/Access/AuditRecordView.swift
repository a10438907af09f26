import Foundation
import SextantCore

/// One record of the audit trail. A change has two: one with status 0 written before it runs,
/// and one with its outcome and status after.
public struct AuditRecordView: Codable, Sendable, Equatable {
    public var sequence: Int64
    public var time: Date
    public var requestID: String
    public var keyID: String?
    public var keyName: String?
    public var role: Role?
    public var source: String
    public var method: String
    public var route: String
    public var resource: String
    public var action: String
    public var outcome: AuditEntry.Outcome
    public var status: Int
    public var versionBefore: Int64?
    public var versionAfter: Int64?

    public init(_ entry: AuditEntry) {
        sequence = entry.sequence
        time = entry.time
        requestID = entry.requestID
        keyID = entry.keyID
        keyName = entry.keyName
        role = entry.role
        source = entry.source
        method = entry.method
        route = entry.route
        resource = entry.resource
        action = entry.action
        outcome = entry.outcome
        status = entry.status
        versionBefore = entry.versionBefore
        versionAfter = entry.versionAfter
    }
}
