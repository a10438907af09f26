import Foundation
import SextantAPI
import SextantCore
import SextantStorage

/// An objective as the API shows it: its definition, its id and when it changed.
struct SLOResponse: Encodable {
    let stored: StoredSLO

    private enum Keys: String, CodingKey { case id, createdAt, updatedAt }

    func encode(to encoder: any Encoder) throws {
        try stored.slo.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(stored.slo.id, forKey: .id)
        try container.encode(stored.createdAt, forKey: .createdAt)
        try container.encode(stored.updatedAt, forKey: .updatedAt)
    }
}
