import Foundation
import SextantCore

/// A component as the API shows it: its definition plus the store's timestamps, side by side.
public struct ComponentView: Codable, Sendable {
    public var component: Component
    public var createdAt: Date
    public var updatedAt: Date

    private enum TimestampKeys: String, CodingKey, CaseIterable {
        case createdAt, updatedAt
    }

    public init(component: Component, createdAt: Date, updatedAt: Date) {
        self.component = component
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public init(from decoder: any Decoder) throws {
        component = try Component(from: decoder, besideKeys: Set(TimestampKeys.allCases.map(\.stringValue)))
        let container = try decoder.container(keyedBy: TimestampKeys.self)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        try component.encode(to: encoder)
        var container = encoder.container(keyedBy: TimestampKeys.self)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
