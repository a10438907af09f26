/// The answer to creating a key: the only time its whole text is shown.
public struct APIKeyCreated: Codable, Sendable {
    /// The key to present as `Authorization: Bearer <key>`.
    public var key: String
    public var details: APIKeyView

    public init(key: String, details: APIKeyView) {
        self.key = key
        self.details = details
    }
}
