import Foundation
import SextantAPI
import SextantCore
import SextantStorage

/// A component as the API shows it: its definition plus the store's timestamps.
struct ComponentResponse: Encodable {
    let record: ComponentRecord

    private enum TimestampKeys: String, CodingKey {
        case createdAt, updatedAt
    }

    func encode(to encoder: any Encoder) throws {
        try record.component.encode(to: encoder)
        var container = encoder.container(keyedBy: TimestampKeys.self)
        try container.encode(record.createdAt, forKey: .createdAt)
        try container.encode(record.updatedAt, forKey: .updatedAt)
    }
}
