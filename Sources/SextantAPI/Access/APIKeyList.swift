/// Every key, newest first.
public struct APIKeyList: Codable, Sendable {
    public var keys: [APIKeyView]

    public init(keys: [APIKeyView]) {
        self.keys = keys
    }
}
