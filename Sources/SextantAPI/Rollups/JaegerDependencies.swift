import Foundation

/// Jaeger's `GET /api/dependencies` answer: calls between services over the lookback.
public struct JaegerDependencies: Codable, Sendable {
    public struct Link: Codable, Sendable {
        public let parent: String
        public let child: String
        public let callCount: Int64

        public init(parent: String, child: String, callCount: Int64) {
            self.parent = parent
            self.child = child
            self.callCount = callCount
        }
    }

    public let data: [Link]
    public let total: Int
    public let limit: Int
    public let offset: Int
    public let errors: [String]?

    public init(data: [Link], total: Int, limit: Int, offset: Int, errors: [String]?) {
        self.data = data
        self.total = total
        self.limit = limit
        self.offset = offset
        self.errors = errors
    }
}
