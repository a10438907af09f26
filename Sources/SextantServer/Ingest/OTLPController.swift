import CompressNIO
import Foundation
import SextantAPI
import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore
import SextantWire

/// OTLP/HTTP trace intake: `POST /v1/traces`, as the OTLP specification describes it.
///
/// `application/x-protobuf` and `application/json`, optionally `Content-Encoding: gzip`.
/// 200 carries an `ExportTraceServiceResponse` in the request's encoding, with
/// `partial_success` when spans were rejected. Errors to protobuf requests carry a
/// protobuf `google.rpc.Status`; to JSON requests, a JSON body that is both a `google.rpc.Status`
/// (`code`, `message`) and Sextant's error shape (`error`). Retryable refusals (queue full,
/// too many requests at once, store down) are 503 with `Retry-After`.
struct OTLPController {
    /// Tail sampling for span storage; `nil` when raw spans are not kept.
    let sampler: TraceSampler?
    let pipeline: IngestPipeline
    /// The largest body accepted, compressed and decompressed.
    let maximumBodySize: Int
    /// Bounds the bytes of bodies being read at once (a body reserves its declared length,
    /// or the largest accepted when it declares none, until it is decoded).
    let bodies: ByteBudget
    /// Bounds the requests being decoded and handed to the pipeline at once, with a short
    /// line of waiting ones; a slow sender holds no place in it while its body arrives.
    let gate: AdmissionGate

    func addRoutes(to routes: Routes) {
        routes.post("v1/traces", needs: .needs(.ingest), use: export)
    }

    private enum Encoding {
        case protobuf, json

        var contentType: String {
            self == .protobuf ? "application/x-protobuf" : "application/json"
        }
    }

    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let mediaType = request.headers[.contentType].map { Self.token($0.split(separator: ";").first ?? "") } ?? ""
        let encoding: Encoding
        switch mediaType {
        case "application/x-protobuf", "application/protobuf": encoding = .protobuf
        case "application/json": encoding = .json
        default:
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type",
                           message: "content type \(Quoted.prefix(mediaType)) is not OTLP; use application/x-protobuf or application/json")
        }
        let declared = request.headers[.contentLength].flatMap(Int.init)
        if let declared, declared > maximumBodySize {
            return failure(.contentTooLarge, encoding, code: .invalidArgument, "the body is larger than \(maximumBodySize) bytes")
        }
        let reserved = min(declared ?? maximumBodySize, maximumBodySize)
        guard bodies.reserve(reserved) else {
            return failure(.serviceUnavailable, encoding, code: .unavailable, "too many export bodies are being received; retry later", retry: true)
        }
        defer { bodies.release(reserved) }

        let body: ByteBuffer
        switch await readBody(request) {
        case .success(let bytes): body = bytes
        case .failure(let refusal): return failure(refusal.status, encoding, code: .invalidArgument, refusal.message)
        }

        guard await gate.enter() else {
            return failure(.serviceUnavailable, encoding, code: .unavailable, "too many export requests at once; retry later", retry: true)
        }
        defer { gate.leave() }

        let decoded: DecodedSpans
        do {
            decoded = try body.withUnsafeReadableBytes { bytes in
                switch encoding {
                case .protobuf: return try OTLPProtobufDecoder.decode(bytes, keepingPayloads: sampler != nil)
                case .json: return try OTLPJSONDecoder.decode(Data(bytes), keepingPayloads: sampler != nil)
                }
            }
        } catch let error as OTLPDecodingError {
            return failure(.badRequest, encoding, code: .invalidArgument, "the body is not an OTLP export request: \(error)")
        }

        do {
            try await pipeline.ingest(decoded.spans)
        } catch let error as IngestError {
            return failure(.serviceUnavailable, encoding, code: .unavailable, error.description, retry: true)
        }
        sampler?.offer(decoded.spans)
        let headers: HTTPFields = [.contentType: encoding.contentType]
        switch encoding {
        case .protobuf:
            let bytes = OTLPResponses.exportProtobuf(rejected: decoded.rejected, message: decoded.rejectionMessage)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        case .json:
            let data = OTLPResponses.exportJSON(rejected: decoded.rejected, message: decoded.rejectionMessage)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// A header token lowercased without the spaces around it (Foundation's trimming was a
    /// measurable share of each export's cost).
    static func token(_ text: Substring) -> String {
        let bytes = text.utf8.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
        return String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self)
    }

    private struct Refusal: Error {
        let status: HTTPResponse.Status
        let message: String
    }

    /// The body, decompressed if gzip, refusing more than the limit before and after.
    private func readBody(_ request: Request) async -> Result<ByteBuffer, Refusal> {
        let contentEncoding = request.headers[.contentEncoding].map { Self.token($0[...]) } ?? "identity"
        guard ["identity", "gzip"].contains(contentEncoding) else {
            return .failure(Refusal(status: .unsupportedMediaType, message: "content encoding \(Quoted.prefix(contentEncoding)) is not supported; use gzip"))
        }
        var body: ByteBuffer
        do {
            body = try await RequestBodyReader(limit: maximumBodySize).collect(request)
        } catch {
            return .failure(Refusal(status: .contentTooLarge, message: "the body is larger than \(maximumBodySize) bytes"))
        }
        guard contentEncoding == "gzip" else { return .success(body) }
        do {
            return .success(try body.decompress(with: .gzip(), maxSize: maximumBodySize))
        } catch let error as CompressNIOError where error == .bufferOverflow {
            return .failure(Refusal(status: .contentTooLarge, message: "the body decompresses to more than \(maximumBodySize) bytes"))
        } catch {
            return .failure(Refusal(status: .badRequest, message: "the body is not valid gzip"))
        }
    }

    private func failure(
        _ status: HTTPResponse.Status, _ encoding: Encoding, code: OTLPResponses.StatusCode, _ message: String, retry: Bool = false
    ) -> Response {
        var headers: HTTPFields = [.contentType: encoding.contentType]
        if retry { headers[.retryAfter] = "1" }
        switch encoding {
        case .protobuf:
            let bytes = OTLPResponses.statusProtobuf(code: code.rawValue, message: message)
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        case .json:
            let errorCode = status == .contentTooLarge ? "body_too_large"
                : status == .serviceUnavailable ? "unavailable" : status == .unsupportedMediaType ? "unsupported_media_type" : "malformed_body"
            let body: [String: Any] = [
                "code": code.rawValue, "message": message,
                "error": ["code": errorCode, "message": message, "field": NSNull()],
            ]
            let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
