import Foundation
import SextantAPI
import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore
import Yams

/// Reads and decodes request bodies within a size limit, answering with Sextant's errors.
struct RequestBodyReader: Sendable {
    /// The largest body accepted, in bytes.
    let limit: Int

    /// Decodes the body as `T` from one of the `accepted` formats.
    ///
    /// Without a `Content-Type`, JSON is assumed, or YAML when YAML is accepted and the body does
    /// not start with `{` or `[`.
    func decode<T: Decodable>(_ type: T.Type, from request: Request, accepting accepted: [DocumentFormat] = [.json]) async throws -> T {
        let format = try declaredFormat(of: request, accepting: accepted)
        return try decode(type, body: try await collect(request), format: format, accepting: accepted)
    }

    /// The format the request's `Content-Type` names, `nil` without one; a type outside
    /// `accepted` is a 415.
    func declaredFormat(of request: Request, accepting accepted: [DocumentFormat]) throws -> DocumentFormat? {
        guard let declared = request.headers[.contentType] else { return nil }
        guard let named = DocumentFormat(contentType: declared), accepted.contains(named) else {
            throw APIError(
                .unsupportedMediaType, code: "unsupported_media_type",
                message: "content type \(Quoted.prefix(declared)) is not accepted here; use \(accepted.map(Self.mediaType).joined(separator: " or "))"
            )
        }
        return named
    }

    /// Decodes an already collected body in `format`, or the sniffed one.
    func decode<T: Decodable>(_ type: T.Type, body: ByteBuffer, format: DocumentFormat?, accepting accepted: [DocumentFormat]) throws -> T {
        guard body.readableBytes > 0 else {
            throw APIError.badRequest("the request body is empty", code: "empty_body")
        }
        let resolved = format ?? sniff(body, accepted: accepted)
        do {
            switch resolved {
            case .json:
                try Self.checkJSON(body)
                return try JSONDecoder().decode(T.self, from: Data(buffer: body))
            case .yaml:
                guard let node = try YAMLBody.document(try Self.text(of: body)) else {
                    throw APIError.badRequest("the request body is an empty YAML document", code: "empty_body")
                }
                return try YAMLDecoder().decode(T.self, from: node)
            }
        } catch let error as YamlError {
            throw APIError.badRequest("the request body is not valid YAML: \(YAMLBody.describe(error))", code: "malformed_body")
        }
    }

    /// Refuses a JSON body that is not strictly one document: invalid UTF-8, duplicate members,
    /// trailing commas, nesting beyond ``StrictJSON/maximumDepth``.
    static func checkJSON(_ body: ByteBuffer) throws {
        let outcome = body.withUnsafeReadableBytes { bytes in Result { () throws(StrictJSON.Problem) in try StrictJSON.check(bytes) } }
        if case .failure(let problem) = outcome {
            throw APIError.badRequest("the request body is not valid JSON: \(problem)", code: "malformed_body")
        }
    }

    /// The body as UTF-8 text; invalid UTF-8 is refused, never replaced.
    static func text(of body: ByteBuffer) throws -> String {
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw APIError.badRequest("the request body is not valid UTF-8 text", code: "malformed_body")
        }
        return text
    }

    /// The whole body, refusing more than `limit` bytes (by `Content-Length` first, then while reading).
    func collect(_ request: Request) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Self.tooLarge(limit)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge(limit)
        }
    }

    private func sniff(_ body: ByteBuffer, accepted: [DocumentFormat]) -> DocumentFormat {
        guard accepted.contains(.yaml) else { return .json }
        let first = body.readableBytesView.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? .json : .yaml
    }

    private static func mediaType(_ format: DocumentFormat) -> String {
        switch format {
        case .json: return "application/json"
        case .yaml: return "application/yaml"
        }
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "body_too_large", message: "the request body is larger than the limit of \(limit) bytes")
    }
}
