import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore
import SextantStorage

/// The body of every error answer: `{"error": {"code", "message", "field"}}`.
public struct ErrorBody: Codable, Sendable {
    /// What went wrong.
    public struct Detail: Codable, Sendable {
        public let code: String
        public let message: String
        public let field: String?
    }

    public let error: Detail
}
