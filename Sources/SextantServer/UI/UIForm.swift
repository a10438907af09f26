import Foundation
import Hummingbird
import SextantCore

/// `application/x-www-form-urlencoded` bodies of the UI's forms, and their CSRF check.
enum UIForm {
    /// The fields of a form body (at most 64 KiB).
    static func read(_ request: Request, context: AppRequestContext) async throws -> [String: String] {
        let body = try await RequestBodyReader(limit: 64 * 1024).collect(request)
        var fields: [String: String] = [:]
        for (name, value) in FormEncoding.pairs(String(buffer: body), keepsUndecodable: false) { fields[name] = value }
        return fields
    }

    /// Refuses (400 `csrf`) a form that does not carry its session's CSRF token.
    static func requireCSRF(_ form: [String: String], _ context: AppRequestContext) throws {
        guard let session = context.uiSession, let given = form["csrf"], ConstantTime.equal(Array(session.csrf.utf8), Array(given.utf8)) else {
            throw APIError(.badRequest, code: "csrf", message: "the form's CSRF token is missing or wrong; reload the page and try again")
        }
    }

    /// A cookie's value.
    static func cookie(_ name: String, in request: Request) -> String? {
        cookie(name, inHeader: request.headers[.cookie])
    }

    /// A cookie's value in a `Cookie` header (read up to 8 KiB).
    static func cookie(_ name: String, inHeader header: String?) -> String? {
        guard let header, header.utf8.count <= 8_192 else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0] == name { return pair[1] }
        }
        return nil
    }
}
