import Foundation

/// The body of every error answer: `{"error": {"code", "message", "field"}}`.
public struct ErrorBody: Codable, Sendable {
    /// What went wrong.
    public struct Detail: Codable, Sendable {
        public let code: String
        public let message: String
        public let field: String?

        public init(code: String, message: String, field: String?) {
            self.code = code
            self.message = message
            self.field = field
        }
    }

    public let error: Detail

    public init(error: Detail) {
        self.error = error
    }
}
