import Foundation
import SextantCore

/// An objective as the API shows it: its definition, its id and when it changed, side by side.
public struct SLOView: Codable, Sendable {
    public var slo: ServiceLevelObjective
    public var createdAt: Date
    public var updatedAt: Date

    private enum Keys: String, CodingKey, CaseIterable {
        case id, createdAt, updatedAt
    }

    public init(slo: ServiceLevelObjective, createdAt: Date, updatedAt: Date) {
        self.slo = slo
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public init(from decoder: any Decoder) throws {
        slo = try ServiceLevelObjective(from: decoder, besideKeys: Set(Keys.allCases.map(\.stringValue)))
        let container = try decoder.container(keyedBy: Keys.self)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        try slo.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(slo.id, forKey: .id)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
