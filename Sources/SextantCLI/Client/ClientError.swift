import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SextantAPI

/// A failure the CLI reports in one line, with a non-zero exit.
struct ClientError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }

    /// The server's error body, `{"error": {"code", "message", "field"}}`, as one line.
    init(answer: SextantClient.Answer) {
        if let body = try? JSONDecoder().decode(ErrorBody.self, from: answer.body) {
            let field = body.error.field.map { " (field: \($0))" } ?? ""
            self.description = "\(body.error.message)\(field) [\(answer.status) \(body.error.code)]"
        } else {
            self.description = "the server answered \(answer.status): \(String(decoding: answer.body.prefix(500), as: UTF8.self))"
        }
    }
}
