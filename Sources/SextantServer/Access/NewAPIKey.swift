import Foundation
import SextantCore

/// Makes keys: a fresh text from the system's random source and the record the store keeps.
enum NewAPIKey {
    static func make(name: String, role: Role, environment: String? = nil, expiresAt: Date? = nil, createdBy: String, at now: Date)
        -> (key: APIKeyText, record: APIKeyRecord) {
        var random = SystemRandomNumberGenerator()
        let key = APIKeyText.generate(using: &random)
        return (key, APIKeyRecord(id: key.id, name: name, role: role, environment: environment, expiresAt: expiresAt,
                                  createdBy: createdBy, createdAt: now, secretHash: key.secretHash))
    }

    /// How a key is named as the creator of another: `name (id)`.
    static func describe(_ record: APIKeyRecord) -> String {
        "\(record.name) (\(record.id))"
    }
}
