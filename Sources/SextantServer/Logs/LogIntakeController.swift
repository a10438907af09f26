import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore
import SextantWire

/// Log intake: OTLP/HTTP `POST /v1/logs` (protobuf or JSON, optionally gzip) and Loki's
/// `POST /loki/api/v1/push` (JSON, optionally gzip; or protobuf, snappy-compressed as Promtail
/// sends it). A 2xx answer means every line of the request is committed; a refused request
/// stores nothing.
struct LogIntakeController {
    let intake: LogIntake
    /// The largest body accepted, compressed and decompressed.
    let maximumBodySize: Int

    func addRoutes(to routes: Routes) {
        routes.post("v1/logs", needs: .needs(.ingest), use: otlp)
        routes.post("loki/api/v1/push", needs: .needs(.ingest), use: push)
    }

    private enum Format { case protobuf, json }

    private func format(_ request: Request) throws -> Format {
        let mediaType = request.headers[.contentType].map { OTLPController.token($0.split(separator: ";").first ?? "") } ?? ""
        switch mediaType {
        case "application/x-protobuf", "application/protobuf": return .protobuf
        case "application/json": return .json
        default:
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type",
                           message: "content type \(Quoted.prefix(mediaType)) is not accepted; use application/x-protobuf or application/json")
        }
    }

    /// The body, decompressed as its `Content-Encoding` says (`snappy` assumed for Loki's protobuf).
    private func body(_ request: Request, snappyByDefault: Bool) async throws -> [UInt8] {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maximumBodySize {
            throw APIError(.contentTooLarge, code: "body_too_large", message: "the body is larger than \(maximumBodySize) bytes")
        }
        var buffer: ByteBuffer
        do {
            buffer = try await RequestBodyReader(limit: maximumBodySize).collect(request)
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", message: "the body is larger than \(maximumBodySize) bytes")
        }
        let encoding = request.headers[.contentEncoding].map { OTLPController.token($0[...]) } ?? (snappyByDefault ? "snappy" : "identity")
        switch encoding {
        case "identity": return Array(buffer.readableBytesView)
        case "gzip":
            do {
                var inflated = try buffer.decompress(with: .gzip(), maxSize: maximumBodySize)
                return inflated.readBytes(length: inflated.readableBytes) ?? []
            } catch let error as CompressNIOError where error == .bufferOverflow {
                throw APIError(.contentTooLarge, code: "body_too_large", message: "the body decompresses to more than \(maximumBodySize) bytes")
            } catch {
                throw APIError.badRequest("the body is not valid gzip", field: "body", code: "malformed_body")
            }
        case "snappy":
            do {
                return try buffer.withUnsafeReadableBytes { try Snappy.decompress($0, maximumLength: maximumBodySize) }
            } catch let failure as Snappy.Failure {
                throw APIError.badRequest("the body is not valid snappy: \(failure.description)", field: "body", code: "malformed_body")
            }
        default:
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", message: "content encoding \(Quoted.prefix(encoding)) is not supported")
        }
    }

    @Sendable func otlp(_ request: Request, context: AppRequestContext) async throws -> Response {
        let format = try format(request)
        let bytes = try await body(request, snappyByDefault: false)
        let logs: [ReceivedLog]
        do {
            logs = try format == .protobuf ? bytes.withUnsafeBytes { try OTLPLogsDecoder.decode(protobuf: $0) } : OTLPLogsDecoder.decode(json: Data(bytes))
        } catch let error as OTLPDecodingError {
            throw APIError.badRequest("the body is not an OTLP logs export request: \(error)", field: "body", code: "malformed_body")
        }
        try await store(logs) { intake.otlpLabels($0) }
        if format == .protobuf {
            return Response(status: .ok, headers: [.contentType: "application/x-protobuf"], body: .init(byteBuffer: ByteBuffer()))
        }
        return JSONResponse.object([String: Any]())
    }

    @Sendable func push(_ request: Request, context: AppRequestContext) async throws -> Response {
        let format = try format(request)
        let bytes = try await body(request, snappyByDefault: format == .protobuf)
        let logs: [ReceivedLog]
        do {
            logs = try format == .protobuf ? bytes.withUnsafeBytes { try LokiPushDecoder.decode(protobuf: $0) } : LokiPushDecoder.decode(json: Data(bytes))
        } catch let error as OTLPDecodingError {
            throw APIError.badRequest("the body is not a Loki push request: \(error)", field: "body", code: "malformed_body")
        }
        try await store(logs, labels: LogIntake.pushedLabels)
        return Response(status: .noContent)
    }

    private func store(_ logs: [ReceivedLog], labels: (ReceivedLog) -> [String: String]) async throws {
        do {
            try await intake.accept(logs, labels: labels)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.serviceUnavailable, code: "unavailable", message: "the log store is unavailable; retry later")
        }
    }
}
