import Foundation
import SextantCore

/// A stored component with the times the store keeps for it.
public struct ComponentRecord: Sendable, Equatable {
    /// The component as last written.
    public var component: Component
    /// When it was first created.
    public var createdAt: Date
    /// When its definition last changed.
    public var updatedAt: Date

    /// Creates a record.
    public init(component: Component, createdAt: Date, updatedAt: Date) {
        self.component = component
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
