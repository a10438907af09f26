import Foundation
import SextantAPI
import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore

/// An error answered as Alertmanager's v2 API answers it: most as a JSON string, request
/// binding errors as go-openapi's `{"code", "message"}`.
enum AlertmanagerError: Error {
    /// A JSON string body, as the handlers' own errors are.
    case message(HTTPResponse.Status, String)
    /// go-openapi's error body: 602 for a missing field, 612 for too few items, 601 for a
    /// wrong type, 400 for a body that does not parse.
    case binding(HTTPResponse.Status, code: Int, String)
    /// A bare status without a body.
    case empty(HTTPResponse.Status)

    var response: Response {
        switch self {
        case .message(let status, let text):
            return AlertmanagerJSON.response(text, status: status)
        case .binding(let status, let code, let message):
            return AlertmanagerJSON.response(BindingBody(code: code, message: message), status: status)
        case .empty(let status):
            return Response(status: status)
        }
    }

    private struct BindingBody: Encodable {
        var code: Int
        var message: String
    }
}
