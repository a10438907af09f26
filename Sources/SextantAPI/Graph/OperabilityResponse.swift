import Foundation
import SextantCore

/// Whether a component can operate.
public struct OperabilityResponse: Codable, Sendable {
    public let component: String
    public let failed: [String]
    public let canOperate: Bool
    public let status: String
    public let blockedBy: [String]
    public let degradedBy: [String]
    public let chain: [String]

    public init(_ answer: Operability, failed: [String]) {
        self.component = answer.name
        self.failed = failed
        self.canOperate = answer.canOperate
        self.status = answer.status?.rawValue ?? "ok"
        self.blockedBy = answer.blockedBy
        self.degradedBy = answer.degradedBy
        self.chain = answer.chain
    }
}
