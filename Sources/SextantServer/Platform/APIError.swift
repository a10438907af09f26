import Foundation
import SextantAPI
import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore
import SextantStorage

/// An error answer: every 4xx and 5xx body is `{"error": {"code", "message", "field"}}`.
public struct APIError: HTTPResponseError, Sendable, Equatable {
    public let status: HTTPResponse.Status
    /// A stable, machine-readable reason.
    public let code: String
    /// A sentence a person can act on.
    public let message: String
    /// The request field at fault, if one is.
    public let field: String?
    /// Extra headers, such as `Allow`.
    public var headers: HTTPFields = [:]

    /// Creates an error answer.
    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(ErrorBody(error: .init(code: code, message: message, field: field)))
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension APIError {
    static func badRequest(_ message: String, field: String? = nil, code: String = "invalid_field") -> APIError {
        APIError(.badRequest, code: code, message: message, field: field)
    }

    static func notFound(_ message: String, field: String? = nil) -> APIError {
        APIError(.notFound, code: "not_found", message: message, field: field)
    }

    /// The answer for any error thrown while handling a request.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as ValidationError:
            return APIError(.badRequest, code: error.code, message: error.message, field: error.field)
        case let error as DecodingError:
            return from(decodingError: error)
        case let error as StoreError:
            switch error {
            case .conflict(let message): return APIError(.conflict, code: "conflict", message: message)
            case .unavailable(let message), .invalidConfiguration(let message):
                var answer = APIError(.serviceUnavailable, code: "store_unavailable", message: message)
                answer.headers[.retryAfter] = "1"
                return answer
            }
        case let error as AccessDenial:
            return error.apiError
        case let error as SecretFailure:
            return error.apiError
        case let error as CommitsStopped:
            var answer = APIError(.serviceUnavailable, code: "shutting_down", message: error.description)
            answer.headers[.retryAfter] = "1"
            return answer
        case is NIOTooManyBytesError:
            return APIError(.contentTooLarge, code: "body_too_large", message: "the request body is larger than the server accepts")
        case let error as any HTTPResponseError:
            return APIError(error.status, code: code(for: error.status), message: (error as? HTTPError)?.body ?? error.status.reasonPhrase.lowercased())
        default:
            return APIError(.internalServerError, code: "internal", message: "internal error; the server log has details")
        }
    }

    private static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: return "not_found"
        case .methodNotAllowed: return "method_not_allowed"
        case .contentTooLarge: return "body_too_large"
        case .unsupportedMediaType: return "unsupported_media_type"
        case .badRequest: return "bad_request"
        default: return status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
        }
    }

    /// Names the field a decoder stumbled on.
    static func from(decodingError error: DecodingError) -> APIError {
        switch error {
        case .keyNotFound(let key, let context):
            let field = FieldPath.render(context.codingPath + [key])
            return .badRequest("missing required field \(Quoted.prefix(key.stringValue))", field: field, code: "missing_field")
        case .typeMismatch(let type, let context):
            return .badRequest("expected \(describe(type))", field: FieldPath.render(context.codingPath), code: "invalid_type")
        case .valueNotFound(let type, let context):
            return .badRequest("expected \(describe(type)), found null", field: FieldPath.render(context.codingPath), code: "invalid_type")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .badRequest("the request body is not a valid document: \(context.debugDescription)", code: "malformed_body")
            }
            return .badRequest(context.debugDescription, field: FieldPath.render(context.codingPath), code: "invalid_value")
        @unknown default:
            return .badRequest("the request body could not be read", code: "malformed_body")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "a list"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") || name.contains("KeyedDecodingContainer") { return "an object" }
            return "a value of type \(name)"
        }
    }
}
