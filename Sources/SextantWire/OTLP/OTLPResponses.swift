import Foundation

/// The bodies OTLP/HTTP answers with, in protobuf or JSON to match the request.
public enum OTLPResponses {
    /// `ExportTraceServiceResponse`, with `partial_success` only when spans were rejected.
    public static func exportProtobuf(rejected: Int, message: String) -> [UInt8] {
        var response = ProtobufWriter()
        if rejected > 0 || !message.isEmpty {
            response.message(1) { partial in
                if rejected > 0 { partial.varint(1, UInt64(rejected)) }
                if !message.isEmpty { partial.string(2, message) }
            }
        }
        return response.bytes
    }

    /// `ExportTraceServiceResponse` in OTLP JSON (64-bit integers as strings).
    public static func exportJSON(rejected: Int, message: String) -> Data {
        guard rejected > 0 || !message.isEmpty else { return Data("{}".utf8) }
        let body: [String: Any] = ["partialSuccess": ["rejectedSpans": String(rejected), "errorMessage": message]]
        return (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// `google.rpc.Status`, the body of OTLP error answers to protobuf requests.
    public static func statusProtobuf(code: Int, message: String) -> [UInt8] {
        var status = ProtobufWriter()
        status.varint(1, UInt64(code))
        status.string(2, message)
        return status.bytes
    }

    /// gRPC status codes used in `google.rpc.Status`.
    public enum StatusCode: Int {
        case invalidArgument = 3
        case unavailable = 14
    }
}
