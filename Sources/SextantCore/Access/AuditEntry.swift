import Foundation

/// One record of the audit trail: who did what to which resource, and how it ended. Never a
/// secret value.
public struct AuditEntry: Sendable, Equatable {
    /// How a request ended.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case allowed
        case denied
        case error
    }

    public var sequence: Int64
    public var time: Date
    public var requestID: String
    /// The key that asked, if it was valid.
    public var keyID: String?
    public var keyName: String?
    public var role: Role?
    public var source: String
    public var method: String
    public var route: String
    public var resource: String
    public var action: String
    public var outcome: Outcome
    public var status: Int
    /// The resource's version before and after a change.
    public var versionBefore: Int64?
    public var versionAfter: Int64?
    /// The chain's HMAC over the previous record's and this one's canonical form.
    public var mac: [UInt8]

    public init(sequence: Int64, time: Date, requestID: String, keyID: String?, keyName: String?, role: Role?, source: String,
                method: String, route: String, resource: String, action: String, outcome: Outcome, status: Int,
                versionBefore: Int64? = nil, versionAfter: Int64? = nil, mac: [UInt8] = []) {
        self.sequence = sequence
        // Whole milliseconds, as the store keeps it, so that the seal survives the round trip.
        self.time = Date(timeIntervalSince1970: (time.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        self.requestID = requestID
        self.keyID = keyID
        self.keyName = keyName
        self.role = role
        self.source = source
        self.method = method
        self.route = route
        self.resource = resource
        self.action = action
        self.outcome = outcome
        self.status = status
        self.versionBefore = versionBefore
        self.versionAfter = versionAfter
        self.mac = mac
    }

    /// The record's fields, less its MAC, as one unambiguous byte string: each field's length,
    /// then its UTF-8; times in milliseconds.
    public var canonicalForm: [UInt8] {
        let fields: [String] = [
            String(sequence), String(Int64((time.timeIntervalSince1970 * 1000).rounded())), requestID, keyID ?? "", keyName ?? "",
            role?.rawValue ?? "", source, method, route, resource, action, outcome.rawValue, String(status),
            versionBefore.map(String.init) ?? "", versionAfter.map(String.init) ?? "",
        ]
        var bytes: [UInt8] = []
        for field in fields {
            bytes += Array(String(field.utf8.count).utf8) + [0x3A] + Array(field.utf8)
        }
        return bytes
    }
}
