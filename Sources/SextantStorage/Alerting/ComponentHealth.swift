import Foundation
import SextantCore

/// The latest health probe of a component.
public struct ComponentHealth: Sendable, Equatable {
    public var component: String
    public var isUp: Bool
    public var latencySeconds: Double?
    public var statusCode: Int?
    public var reason: String
    public var checkedAt: Date

    public init(component: String, isUp: Bool, latencySeconds: Double?, statusCode: Int?, reason: String, checkedAt: Date) {
        self.component = component
        self.isUp = isUp
        self.latencySeconds = latencySeconds
        self.statusCode = statusCode
        self.reason = reason
        self.checkedAt = checkedAt
    }
}
